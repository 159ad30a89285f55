import { startEnv, request, expectActsAs } from './helpers';
import type { Env } from './helpers';

let env: Env;
// Auto-approval (the scripted flow, with user_key); the consent page is consent.test.ts.
beforeAll(async () => {
  env = await startEnv({ oauthConsent: 'auto' });
});
afterAll(() => env.stop());

const REDIRECT = 'https://app.example.com/oauth/callback';
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const DEV_BASIC = basic('dev-client', 'dev-client-secret');

async function tokenRequest(form: Record<string, string>, authorization: string | null = DEV_BASIC, contentType = 'application/x-www-form-urlencoded') {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (authorization) headers.Authorization = authorization;
  return request(env.sim.authUrl, 'POST', { raw: new URLSearchParams(form).toString(), headers });
}

async function authorizeCode(params: Record<string, string> = {}): Promise<URL> {
  const q = new URLSearchParams({ client_id: 'dev-client', response_type: 'code', redirect_uri: REDIRECT, state: 'xyz', ...params });
  const r = await request(`${env.sim.authorizeUrl}?${q}`, 'GET');
  expect(r.status).toBe(302);
  return new URL(r.headers.get('location')!);
}

describe('API authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown token', { Authorization: 'Bearer nope' }],
    ['a Basic header', { Authorization: DEV_BASIC }],
    ['a bare token', { Authorization: 'dev-token-alice' }],
  ])('answers 403 InvalidToken for %s', async (_what, headers) => {
    const r = await request(`${env.sim.apiUrl}/webhooks?product=g2w`, 'GET', { headers });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ int_err_code: 'InvalidToken', msg: 'Invalid token passed' });
  });

  it('accepts the static dev tokens, which never expire', async () => {
    env.sim.expireAccessTokens();
    const r = await env.api('GET', '/webhooks?product=g2w');
    expect(r.status).toBe(200);
  });
});

describe('GET /oauth/authorize (consent mode auto)', () => {
  it("auto-approves the client's first user and redirects with code and state", async () => {
    const loc = await authorizeCode();
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('code')).toEqual(expect.any(String));
    expect(loc.searchParams.get('state')).toBe('xyz');
  });

  it('keeps existing query parameters of redirect_uri', async () => {
    const loc = await authorizeCode({ redirect_uri: `${REDIRECT}?tenant=7` });
    expect(loc.searchParams.get('tenant')).toBe('7');
    expect(loc.searchParams.get('code')).toBeTruthy();
  });

  it('redirects with error=unsupported_response_type for response_type=token', async () => {
    const loc = await authorizeCode({ response_type: 'token' });
    expect(loc.searchParams.get('error')).toBe('unsupported_response_type');
    expect(loc.searchParams.get('state')).toBe('xyz');
  });

  it.each([
    ['an unknown client', { client_id: 'nope', redirect_uri: REDIRECT, response_type: 'code' }, 'invalid_client'],
    ['no redirect_uri', { client_id: 'dev-client', response_type: 'code' }, 'invalid_request'],
    ['an unknown user_key', { client_id: 'dev-client', redirect_uri: REDIRECT, response_type: 'code', user_key: '1' }, 'invalid_request'],
  ])('answers 400 for %s', async (_what, params, error) => {
    const r = await request(`${env.sim.authorizeUrl}?${new URLSearchParams(params)}`, 'GET');
    expect(r.status).toBe(400);
    expect(r.json.error).toBe(error);
  });
});

describe('POST /oauth/token', () => {
  it('exchanges a code (once) for tokens of the approving user, which work on the API', async () => {
    const code = (await authorizeCode({ user_key: env.bob.userKey })).searchParams.get('code')!;
    const r = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      refresh_token: expect.any(String),
      expires_in: 3600,
      scope: 'collab:',
      principal: 'bob@example.com',
      organizer_key: env.bob.userKey,
      account_key: env.bob.accountKey,
    });
    expect(r.headers.get('cache-control')).toBe('no-store');
    await expectActsAs(env, r.json.access_token, env.bob);

    const again = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');

    // the issued refresh token refreshes
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: r.json.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.principal).toBe('bob@example.com');
  });

  it('refuses a code with a different redirect_uri (invalid_grant)', async () => {
    const code = (await authorizeCode()).searchParams.get('code')!;
    const r = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'https://evil.example.com/cb' });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_grant');
  });

  it('refreshes with the static refresh token: {access_token, token_type, expires_in, scope, principal}, no new refresh_token', async () => {
    const r = await tokenRequest({ grant_type: 'refresh_token', refresh_token: env.alice.refreshToken });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'collab:', principal: 'alice@example.com' });
    expect((await env.api('GET', '/webhooks?product=g2w', { token: r.json.access_token })).status).toBe(200);
  });

  it.each([
    ['no Authorization', null],
    ['a wrong secret', basic('dev-client', 'wrong')],
    ['an unknown client', basic('other', 'dev-client-secret')],
    ['a Bearer header', 'Bearer dev-token-alice'],
  ])('answers 401 invalid_client for %s', async (_what, authorization) => {
    const r = await tokenRequest({ grant_type: 'refresh_token', refresh_token: env.alice.refreshToken }, authorization);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers 400 invalid_grant for an unknown refresh token or code', async () => {
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'nope' })).json).toMatchObject({ error: 'invalid_grant' });
    expect((await tokenRequest({ grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT })).json).toMatchObject({ error: 'invalid_grant' });
  });

  it("refuses another client's refresh token (invalid_grant)", async () => {
    const two = await startEnv({
      clients: [
        { clientId: 'c1', clientSecret: 's1' },
        { clientId: 'c2', clientSecret: 's2' },
      ],
      users: [{ userKey: '8000000000000000001', email: 'a@x.test', clientId: 'c1', accessToken: 't1', refreshToken: 'r1' }],
    });
    try {
      const r = await request(two.sim.authUrl, 'POST', {
        raw: 'grant_type=refresh_token&refresh_token=r1',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic('c2', 's2') },
      });
      expect(r.status).toBe(400);
      expect(r.json.error).toBe('invalid_grant');
    } finally {
      await two.stop();
    }
  });

  it('answers 400 unsupported_grant_type for password and client_credentials', async () => {
    for (const grant_type of ['password', 'client_credentials']) {
      const r = await tokenRequest({ grant_type, username: 'alice', password: 'x' });
      expect(r.status).toBe(400);
      expect(r.json.error).toBe('unsupported_grant_type');
    }
  });

  it('answers 400 invalid_request for a JSON body or a missing grant_type', async () => {
    const json = await request(env.sim.authUrl, 'POST', {
      body: { grant_type: 'refresh_token', refresh_token: env.alice.refreshToken },
      headers: { Authorization: DEV_BASIC },
    });
    expect(json.status).toBe(400);
    expect(json.json.error).toBe('invalid_request');
    expect((await tokenRequest({})).json.error).toBe('invalid_request');
  });

  it('answers 405 to GET', async () => {
    expect((await request(env.sim.authUrl, 'GET')).status).toBe(405);
  });
});

describe('token expiry', () => {
  it('expireAccessTokens() makes issued tokens answer 403 InvalidToken; a refresh gives a working one again', async () => {
    const t = (await tokenRequest({ grant_type: 'refresh_token', refresh_token: env.alice.refreshToken })).json.access_token;
    expect((await env.api('GET', '/webhooks?product=g2w', { token: t })).status).toBe(200);
    env.sim.expireAccessTokens();
    const r = await env.api('GET', '/webhooks?product=g2w', { token: t });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ int_err_code: 'InvalidToken', msg: 'Invalid token passed' });
    const fresh = (await tokenRequest({ grant_type: 'refresh_token', refresh_token: env.alice.refreshToken })).json.access_token;
    expect((await env.api('GET', '/webhooks?product=g2w', { token: fresh })).status).toBe(200);
  });

  it('POST /_sim/tokens/expire does the same', async () => {
    const t = (await tokenRequest({ grant_type: 'refresh_token', refresh_token: env.alice.refreshToken })).json.access_token;
    const r = await env.call('POST', '/_sim/tokens/expire');
    expect(r.status).toBe(200);
    expect(r.json.expired).toBeGreaterThanOrEqual(1);
    expect((await env.api('GET', '/webhooks?product=g2w', { token: t })).status).toBe(403);
  });

  it('tokens expire on their own after tokenTtlSeconds', async () => {
    const short = await startEnv({ tokenTtlSeconds: 0.15 });
    try {
      const r = await request(short.sim.authUrl, 'POST', {
        raw: `grant_type=refresh_token&refresh_token=${short.alice.refreshToken}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
      });
      expect(r.json.expires_in).toBe(1);
      const t = r.json.access_token;
      expect((await short.api('GET', '/webhooks?product=g2w', { token: t })).status).toBe(200);
      await new Promise((res) => setTimeout(res, 200));
      expect((await short.api('GET', '/webhooks?product=g2w', { token: t })).status).toBe(403);
    } finally {
      await short.stop();
    }
  });
});

describe('refresh-token rotation (GoTo sends a new refresh token when the old one is about to expire)', () => {
  const refreshWith = (e: Env, token: string) =>
    request(e.sim.authUrl, 'POST', {
      raw: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
    });

  it('is off by default, and PUT /_sim/tokens/rotation turns it on: the answer carries a new, working refresh token', async () => {
    const own = await startEnv();
    try {
      expect((await own.call('GET', '/_sim/tokens/rotation')).json).toEqual({ refreshTokenRotation: 'off' });
      expect((await refreshWith(own, own.alice.refreshToken)).json.refresh_token).toBeUndefined();
      const put = await own.call('PUT', '/_sim/tokens/rotation', { body: { refreshTokenRotation: 'keep-old' } });
      expect(put).toMatchObject({ status: 200, json: { refreshTokenRotation: 'keep-old' } });
      const r = await refreshWith(own, own.alice.refreshToken);
      expect(r.status).toBe(200);
      const next = r.json.refresh_token as string;
      expect(next).toEqual(expect.any(String));
      expect(next).not.toBe(own.alice.refreshToken);
      // The new one is fresh: a refresh with it works as alice and does not rotate again.
      const again = await refreshWith(own, next);
      expect(again.status).toBe(200);
      expect(again.json.refresh_token).toBeUndefined();
      expect((await own.api('GET', '/webhooks?product=g2w', { token: again.json.access_token })).status).toBe(200);
      // keep-old: the used one has not expired yet, so it still works (and, still aging, rotates again).
      const old = await refreshWith(own, own.alice.refreshToken);
      expect(old.status).toBe(200);
      expect(old.json.refresh_token).toEqual(expect.any(String));
    } finally {
      await own.stop();
    }
  });

  it('revoke-old (the option, or setRefreshTokenRotation): the used token stops at once with invalid_grant', async () => {
    const own = await startEnv({ refreshTokenRotation: 'revoke-old' });
    try {
      const next = (await refreshWith(own, own.alice.refreshToken)).json.refresh_token as string;
      expect(await refreshWith(own, own.alice.refreshToken)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
      expect((await refreshWith(own, next)).status).toBe(200);
      own.sim.setRefreshTokenRotation('off');
      expect((await refreshWith(own, own.bob.refreshToken)).json.refresh_token).toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it('refuses an unknown rotation setting with 400', async () => {
    const r = await env.call('PUT', '/_sim/tokens/rotation', { body: { refreshTokenRotation: 'always' } });
    expect(r.status).toBe(400);
    expect((await env.call('GET', '/_sim/tokens/rotation')).json).toEqual({ refreshTokenRotation: 'off' });
  });
});
