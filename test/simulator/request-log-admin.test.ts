import { startEnv, request } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ oauthConsent: 'auto' }); // the log test gets a code without the consent page
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const DEV_BASIC = `Basic ${Buffer.from('dev-client:dev-client-secret').toString('base64')}`;
const form = (body: string) => request(`${env.sim.url}/oauth/token`, 'POST', {
  raw: body,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
});

describe('request log', () => {
  it('records API requests: method, path without query, query, parsed body, status, userKey, kind', async () => {
    const w = await env.createWebhook();
    await env.api('GET', `/webhooks/${w.webhookKey}?x=1`);
    await env.api('GET', '/webhooks?product=g2w', { token: 'bogus' });
    const log = env.sim.requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toEqual({
      seq: expect.any(Number),
      time: expect.any(String),
      method: 'POST',
      path: '/G2W/rest/v2/webhooks',
      query: {},
      body: [{ callbackUrl: env.hook(), eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w' }],
      status: 200,
      userKey: env.alice.userKey,
      kind: 'api',
    });
    expect(log[1]).toMatchObject({ method: 'GET', path: `/G2W/rest/v2/webhooks/${w.webhookKey}`, query: { x: '1' }, status: 200 });
    expect(log[1]!.body).toBeUndefined();
    expect(log[2]).toMatchObject({ status: 403, kind: 'api' });
    expect(log[2]!.userKey).toBeUndefined();
    expect(log[1]!.seq).toBeGreaterThan(log[0]!.seq);
    expect((await env.call('GET', '/_sim/requests')).json).toEqual(log);
  });

  it('keeps a non-JSON body as raw text', async () => {
    await env.api('POST', '/webhooks', { raw: '{not json', headers: { 'Content-Type': 'application/json' } });
    expect(env.sim.requests()[0]).toMatchObject({ body: '{not json', status: 400 });
  });

  it('never contains a token, secret, code or secret key value; OAuth secrets are "[redacted]"', async () => {
    const secret = (await env.api('POST', '/webhooks/secretkey', { body: {} })).json.value;
    const loc = new URL(
      (await request(`${env.sim.authorizeUrl}?client_id=dev-client&response_type=code&redirect_uri=https://app.test/cb&state=s1`, 'GET')).headers.get('location')!,
    );
    const code = loc.searchParams.get('code')!;
    const exchanged = (await form(`grant_type=authorization_code&code=${code}&redirect_uri=https://app.test/cb`)).json;
    const refreshed = (await form(`grant_type=refresh_token&refresh_token=${exchanged.refresh_token}`)).json;
    await form('grant_type=refresh_token&refresh_token=dev-refresh-alice&client_secret=dev-client-secret');
    await env.api('GET', '/webhooks?product=g2w', { token: refreshed.access_token });
    await env.api('GET', `/webhooks?product=g2w&access_token=${exchanged.access_token}`);
    await request(`${env.sim.authUrl}`, 'POST', { body: { refresh_token: 'dev-refresh-bob' }, headers: { Authorization: DEV_BASIC } });

    const text = (await env.call('GET', '/_sim/requests')).text;
    for (const s of [
      env.alice.accessToken,
      env.alice.refreshToken,
      env.bob.refreshToken,
      'dev-client-secret',
      'Bearer',
      DEV_BASIC.slice(6),
      secret,
      code,
      exchanged.access_token,
      exchanged.refresh_token,
      refreshed.access_token,
    ]) {
      expect(text).not.toContain(s);
    }
    const oauth = env.sim.requests().filter((e) => e.kind === 'oauth');
    expect(oauth[0]).toMatchObject({ method: 'GET', path: '/oauth/authorize', status: 302, query: { client_id: 'dev-client', state: 's1' } });
    expect(oauth[1]).toMatchObject({
      path: '/oauth/token',
      status: 200,
      userKey: env.alice.userKey,
      body: { grant_type: 'authorization_code', code: '[redacted]', redirect_uri: 'https://app.test/cb' },
    });
    expect(oauth[2]!.body).toEqual({ grant_type: 'refresh_token', refresh_token: '[redacted]' });
    expect(oauth[3]!.body).toEqual({ grant_type: 'refresh_token', refresh_token: '[redacted]', client_secret: '[redacted]' });
    expect(oauth[4]).toMatchObject({ status: 400, body: '[redacted]' });
    const apiWithQueryToken = env.sim.requests().find((e) => e.query.access_token !== undefined);
    expect(apiWithQueryToken!.query.access_token).toBe('[redacted]');
  });

  it('does not record admin calls; DELETE /_sim/requests and clearRequests() empty it', async () => {
    await env.call('GET', '/_sim/state');
    await env.call('GET', '/_sim/faults');
    expect(env.sim.requests()).toEqual([]);
    await env.api('GET', '/webhooks?product=g2w');
    expect(env.sim.requests()).toHaveLength(1);
    expect((await env.call('DELETE', '/_sim/requests')).status).toBe(204);
    expect(env.sim.requests()).toEqual([]);
    await env.api('GET', '/webhooks?product=g2w');
    env.sim.clearRequests();
    expect(env.sim.requests()).toEqual([]);
  });
});

describe('admin surface', () => {
  it('GET /_sim/state answers the SimulatorState', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const k = (await env.api('POST', '/webhooks/secretkey', { body: {} })).json;
    const r = await env.call('GET', '/_sim/state');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(env.sim.state());
    expect(r.json).toEqual({
      webhooks: [{ webhookKey: w.webhookKey, clientId: 'dev-client', callbackUrl: w.callbackUrl, eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w', state: 'INACTIVE', createTime: w.createTime }],
      userSubscriptions: [{ userSubscriptionKey: s.userSubscriptionKey, userKey: env.alice.userKey, webhookKey: w.webhookKey, userSubscriptionState: 'ACTIVE', createTime: s.createTime }],
      secretKeys: [{ id: k.id, clientId: 'dev-client', value: k.value, validFrom: k.validFrom, createTime: expect.any(String) }],
    });
  });

  it('POST /_sim/reset forgets webhooks, subscriptions, keys and the log, but not users', async () => {
    const w = await env.createWebhook();
    await env.subscribe(w.webhookKey);
    await env.api('POST', '/webhooks/secretkey', { body: {} });
    expect((await env.call('POST', '/_sim/reset')).status).toBe(204);
    expect(env.sim.state()).toEqual({ webhooks: [], userSubscriptions: [], secretKeys: [] });
    expect(env.sim.requests()).toEqual([]);
    expect((await env.api('GET', '/webhooks?product=g2w')).status).toBe(200);
  });

  it('GET /_sim lists the endpoints; unknown admin paths answer 404 JSON; bad JSON 400', async () => {
    const index = await env.call('GET', '/_sim');
    expect(index.status).toBe(200);
    expect(index.json.endpoints.length).toBeGreaterThan(5);
    expect((await env.call('GET', '/_sim/nope')).status).toBe(404);
    expect((await env.call('POST', '/_sim/state')).status).toBe(404);
    const bad = await env.call('PUT', '/_sim/faults', { raw: '{', headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.json.int_err_code).toBe('InvalidRequest');
  });

  it('exposes the URLs and credentials on the handle', () => {
    expect(env.sim.apiUrl).toBe(`${env.sim.url}/G2W/rest/v2`);
    expect(env.sim.authUrl).toBe(`${env.sim.url}/oauth/token`);
    expect(env.sim.authorizeUrl).toBe(`${env.sim.url}/oauth/authorize`);
    expect(env.sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.sim.clients).toEqual([{ clientId: 'dev-client', clientSecret: 'dev-client-secret' }]);
    expect(env.sim.users.map((u) => u.accessToken)).toEqual(['dev-token-alice', 'dev-token-bob']);
  });

  it('stop() is idempotent and frees the port', async () => {
    const other = await startEnv();
    await other.sim.stop();
    await other.sim.stop();
    await expect(fetch(other.sim.url)).rejects.toThrow();
    await other.cb.stop();
  });

  it('refuses users of unknown clients at start', async () => {
    await expect(
      startEnv({ clients: [{ clientId: 'c', clientSecret: 's' }] }), // default users belong to dev-client
    ).rejects.toThrow(/unknown client/);
  });
});
