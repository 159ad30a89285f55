/**
 * The personal_access_token grant (GoTo: form `grant_type=personal_access_token&pat=…`, HTTP Basic client
 * authentication), the tokens' admin API (issue, revoke, expire) and the client setting that turns the grant off,
 * over real HTTP against a started simulator.
 */
import { startEnv, request, sleep, TWO_CLIENTS, expectActsAs } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const DEV_BASIC = basic('dev-client', 'dev-client-secret');

function exchange(pat: string | undefined, authorization: string | null = DEV_BASIC, on: Env = env) {
  const form = new URLSearchParams({ grant_type: 'personal_access_token', ...(pat !== undefined ? { pat } : {}) });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (authorization) headers.Authorization = authorization;
  return request(on.sim.authUrl, 'POST', { raw: form.toString(), headers });
}

async function issue(body: Record<string, unknown>, on: Env = env): Promise<string> {
  const r = await on.call('POST', '/_sim/personal-access-tokens', { body });
  expect(r.status).toBe(201);
  return r.json.token;
}

describe('grant_type=personal_access_token', () => {
  it("answers an access token of the token's user, with the user's keys and no refresh_token; it works on the API", async () => {
    const r = await exchange('dev-pat-bob');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'collab:',
      principal: 'bob@example.com',
      organizer_key: env.bob.userKey,
      account_key: env.bob.accountKey,
    });
    expect(r.headers.get('cache-control')).toBe('no-store');
    await expectActsAs(env, r.json.access_token, env.bob);
  });

  it('can be exchanged again and again (it is no one-time code)', async () => {
    expect((await exchange('dev-pat-alice')).status).toBe(200);
    expect((await exchange('dev-pat-alice')).json.principal).toBe('alice@example.com');
  });

  it.each([
    ['no Authorization', null],
    ['a wrong secret', basic('dev-client', 'wrong')],
    ['an unknown client', basic('other', 'dev-client-secret')],
  ])('answers 401 invalid_client for %s', async (_what, authorization) => {
    const r = await exchange('dev-pat-alice', authorization);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it.each([
    ['no pat', undefined],
    ['an empty pat', ''],
  ])('answers 400 invalid_request for %s', async (_what, pat) => {
    const r = await exchange(pat);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'invalid_request', error_description: 'pat is required' });
  });

  it('answers 400 invalid_grant for an unknown token, saying so', async () => {
    const r = await exchange('sim-pat-nope');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'invalid_grant', error_description: 'the personal access token is unknown' });
  });

  it('answers 400 invalid_grant for a token made for another client', async () => {
    const two = await startEnv(TWO_CLIENTS);
    try {
      const pat = await issue({ userKey: '8000000000000000001' }, two); // a@x.test, client c1
      const r = await exchange(pat, basic('c2', 's2'), two);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ error: 'invalid_grant', error_description: 'the personal access token was made for another OAuth client' });
      expect((await exchange(pat, basic('c1', 's1'), two)).status).toBe(200);
    } finally {
      await two.stop();
    }
  });

  it('answers 400 unauthorized_client while the client has the grant turned off (PUT /_sim/clients/<id>)', async () => {
    const off = await env.call('PUT', '/_sim/clients/dev-client', { body: { personalAccessTokenGrant: false } });
    expect(off).toMatchObject({ status: 200, json: { clientId: 'dev-client', personalAccessTokenGrant: false, redirectUris: [] } });
    try {
      const r = await exchange('dev-pat-alice');
      expect(r.status).toBe(400);
      expect(r.json).toEqual({
        error: 'unauthorized_client',
        error_description: 'the client is not allowed to use the personal_access_token grant: enable it in the developer center',
      });
      // The other grants are not affected.
      const refresh = await request(env.sim.authUrl, 'POST', {
        raw: 'grant_type=refresh_token&refresh_token=dev-refresh-alice',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
      });
      expect(refresh.status).toBe(200);
      // Client authentication still comes first.
      expect((await exchange('dev-pat-alice', basic('dev-client', 'wrong'))).status).toBe(401);
    } finally {
      env.sim.setClientSettings('dev-client', { personalAccessTokenGrant: true });
    }
    expect((await exchange('dev-pat-alice')).status).toBe(200);
  });

  it('is turned off from the start with SimClient.personalAccessTokenGrant: false', async () => {
    const own = await startEnv({ clients: [{ clientId: 'dev-client', clientSecret: 'dev-client-secret', personalAccessTokenGrant: false }] });
    try {
      expect((await exchange('dev-pat-alice', DEV_BASIC, own)).json.error).toBe('unauthorized_client');
      expect(own.sim.clientSettings('dev-client').personalAccessTokenGrant).toBe(false);
    } finally {
      await own.stop();
    }
  });

  it('is named in the unsupported_grant_type message', async () => {
    const r = await request(env.sim.authUrl, 'POST', {
      raw: 'grant_type=password&username=a&password=b',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
    });
    expect(r.json.error_description).toContain('personal_access_token');
  });
});

describe('POST /_sim/personal-access-tokens (issue)', () => {
  it("answers 201 {token, userKey, clientId}: a token of that user for the user's client, without expiry", async () => {
    const r = await env.call('POST', '/_sim/personal-access-tokens', { body: { userKey: env.alice.userKey } });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ token: expect.stringMatching(/^sim-pat-/), userKey: env.alice.userKey, clientId: 'dev-client' });
    const t = await exchange(r.json.token);
    expect(t.json.principal).toBe('alice@example.com');
    expect((await env.api('GET', '/webhooks?product=g2w', { token: t.json.access_token })).status).toBe(200);
  });

  it('with expiresInSeconds answers expiresAt, and the token expires on its own', async () => {
    const before = Date.now();
    const r = await env.call('POST', '/_sim/personal-access-tokens', { body: { userKey: env.bob.userKey, expiresInSeconds: 0.2 } });
    expect(r.status).toBe(201);
    const at = Date.parse(r.json.expiresAt);
    expect(at).toBeGreaterThanOrEqual(before + 200);
    expect(at).toBeLessThanOrEqual(Date.now() + 200);
    expect((await exchange(r.json.token)).status).toBe(200);
    await sleep(Math.max(0, at - Date.now()) + 30);
    expect((await exchange(r.json.token)).json).toEqual({ error: 'invalid_grant', error_description: 'the personal access token has expired' });
  });

  it.each([
    ['an unknown userKey', { userKey: '1' }],
    ['no userKey', {}],
    ['a number userKey', { userKey: 8250000000000000101 }],
    ['expiresInSeconds 0', { userKey: '8250000000000000101', expiresInSeconds: 0 }],
    ['expiresInSeconds as text', { userKey: '8250000000000000101', expiresInSeconds: '60' }],
    ['an unknown field', { userKey: '8250000000000000101', scope: 'collab:' }],
  ])('answers 400 for %s', async (_what, body) => {
    const r = await env.call('POST', '/_sim/personal-access-tokens', { body });
    expect(r.status).toBe(400);
    expect(r.json.int_err_code).toBe('InvalidRequest');
  });

  it('issuePersonalAccessToken() does the same from code, and throws for an unknown user', async () => {
    const issued = env.sim.issuePersonalAccessToken(env.bob.userKey, { expiresInSeconds: 60 });
    expect(issued).toEqual({ token: expect.any(String), userKey: env.bob.userKey, clientId: 'dev-client', expiresAt: expect.any(String) });
    expect((await exchange(issued.token)).json.principal).toBe('bob@example.com');
    expect(() => env.sim.issuePersonalAccessToken('1')).toThrow(/userKey 1/);
  });
});

describe('revoke and expire', () => {
  it('POST /_sim/personal-access-tokens/revoke: the token answers invalid_grant; access tokens got before stay valid', async () => {
    const pat = await issue({ userKey: env.alice.userKey });
    const earlier = (await exchange(pat)).json.access_token;
    const r = await env.call('POST', '/_sim/personal-access-tokens/revoke', { body: { token: pat } });
    expect(r).toMatchObject({ status: 200, json: { revoked: true } });
    expect((await exchange(pat)).json).toEqual({ error: 'invalid_grant', error_description: 'the personal access token was revoked' });
    expect((await env.api('GET', '/webhooks?product=g2w', { token: earlier })).status).toBe(200);
    // Revoking twice is fine.
    expect((await env.call('POST', '/_sim/personal-access-tokens/revoke', { body: { token: pat } })).status).toBe(200);
  });

  it('POST /_sim/personal-access-tokens/expire: the token answers invalid_grant (expired)', async () => {
    const pat = await issue({ userKey: env.alice.userKey });
    expect(await env.call('POST', '/_sim/personal-access-tokens/expire', { body: { token: pat } })).toMatchObject({ status: 200, json: { expired: true } });
    expect((await exchange(pat)).json).toEqual({ error: 'invalid_grant', error_description: 'the personal access token has expired' });
  });

  it('answer 404 for an unknown token and 400 for a body without one', async () => {
    for (const what of ['revoke', 'expire']) {
      const unknown = await env.call('POST', `/_sim/personal-access-tokens/${what}`, { body: { token: 'sim-pat-nope' } });
      expect(unknown.status).toBe(404);
      expect(unknown.json.int_err_code).toBe('NotFound');
      expect((await env.call('POST', `/_sim/personal-access-tokens/${what}`, { body: {} })).status).toBe(400);
    }
  });

  it('revokePersonalAccessToken() / expirePersonalAccessToken() from code, also for the static dev tokens', async () => {
    const own = await startEnv();
    try {
      own.sim.revokePersonalAccessToken('dev-pat-alice');
      expect((await exchange('dev-pat-alice', DEV_BASIC, own)).json.error_description).toBe('the personal access token was revoked');
      own.sim.expirePersonalAccessToken('dev-pat-bob');
      expect((await exchange('dev-pat-bob', DEV_BASIC, own)).json.error_description).toBe('the personal access token has expired');
      expect(() => own.sim.revokePersonalAccessToken('nope')).toThrow(/no such personal access token/);
      expect(() => own.sim.expirePersonalAccessToken('nope')).toThrow(/no such personal access token/);
    } finally {
      await own.stop();
    }
  });

  it('reset() keeps the tokens (like users and refresh tokens)', async () => {
    const pat = await issue({ userKey: env.bob.userKey });
    env.sim.reset();
    expect((await exchange(pat)).status).toBe(200);
  });
});

describe('seeded tokens', () => {
  it('SimUser.personalAccessToken is a token of that user that never expires; a duplicate is refused at start', async () => {
    const own = await startEnv({
      ...TWO_CLIENTS,
      users: TWO_CLIENTS.users!.map((u, i) => ({ ...u, personalAccessToken: `pat-${i}` })),
    });
    try {
      expect((await exchange('pat-1', basic('c2', 's2'), own)).json.principal).toBe('b@x.test');
    } finally {
      await own.stop();
    }
    await expect(startEnv({ ...TWO_CLIENTS, users: TWO_CLIENTS.users!.map((u) => ({ ...u, personalAccessToken: 'same' })) })).rejects.toThrow(
      /duplicate personal access token/,
    );
  });
});

describe('request log', () => {
  it('never holds a personal access token: the form field pat, and pat in a query string, are "[redacted]"', async () => {
    const pat = await issue({ userKey: env.alice.userKey });
    const answer = (await exchange(pat)).json;
    await exchange('dev-pat-bob');
    await exchange('sim-pat-unknown-but-secret');
    await request(`${env.sim.authUrl}?pat=${pat}`, 'POST', {
      raw: 'grant_type=personal_access_token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
    });
    const text = (await env.call('GET', '/_sim/requests')).text;
    for (const secret of [pat, 'dev-pat-bob', 'sim-pat-unknown-but-secret', answer.access_token, DEV_BASIC.slice(6)]) {
      expect(text).not.toContain(secret);
    }
    const log = env.sim.requests();
    expect(log[0]).toMatchObject({ path: '/oauth/token', status: 200, userKey: env.alice.userKey, body: { grant_type: 'personal_access_token', pat: '[redacted]' } });
    expect(log[2]).toMatchObject({ status: 400, body: { grant_type: 'personal_access_token', pat: '[redacted]' } });
    expect(log[2]!.userKey).toBeUndefined();
    expect(log[3]!.query).toEqual({ pat: '[redacted]' });
  });
});
