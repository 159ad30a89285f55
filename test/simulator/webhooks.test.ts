import { TWO_CLIENTS, startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const KEY = /^\d{18,19}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('POST /webhooks', () => {
  it('creates each item of the array, INACTIVE, and answers 200 _embedded.webhooks', async () => {
    const r = await env.api('POST', '/webhooks', {
      body: [
        { callbackUrl: env.hook('a'), eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w' },
        { callbackUrl: env.hook('b'), eventName: 'survey.submitted', eventVersion: '1.0.0', product: 'g2w' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(r.json)).toEqual(['_embedded']);
    const hooks = r.json._embedded.webhooks;
    expect(hooks).toHaveLength(2);
    for (const [i, w] of hooks.entries()) {
      expect(Object.keys(w).sort()).toEqual(['callbackUrl', 'createTime', 'eventName', 'eventVersion', 'product', 'state', 'webhookKey']);
      expect(w.webhookKey).toMatch(KEY);
      expect(BigInt(w.webhookKey) > 2n ** 53n).toBe(true);
      expect(w.state).toBe('INACTIVE');
      expect(w.createTime).toMatch(ISO);
      expect(w.callbackUrl).toBe(env.hook(i === 0 ? 'a' : 'b'));
    }
    expect(hooks[1].eventName).toBe('survey.submitted');
    expect(hooks[0].webhookKey).not.toBe(hooks[1].webhookKey);
    // The callback URLs were validated with a GET each.
    expect(env.cb.received.filter((c) => c.method === 'GET').map((c) => c.path).sort()).toEqual(expect.arrayContaining(['/a', '/b']));
    expect(env.sim.state().webhooks).toHaveLength(2);
    expect(env.sim.state().webhooks[0]!.clientId).toBe('dev-client');
  });
});

describe('GET /webhooks/{webhookKey}', () => {
  it('answers 200 with the Webhook', async () => {
    const w = await env.createWebhook();
    const r = await env.api('GET', `/webhooks/${w.webhookKey}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual(w);
  });

  it('answers 404 for an unknown key', async () => {
    const r = await env.api('GET', '/webhooks/1234567890123456789');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ int_err_code: 'NotFound', msg: expect.any(String) });
  });

  it("answers 404 for another client's webhook", async () => {
    const other = await startEnv(TWO_CLIENTS);
    try {
      const w = await other.createWebhook({}, 't1');
      expect((await other.api('GET', `/webhooks/${w.webhookKey}`, { token: 't1' })).status).toBe(200);
      expect((await other.api('GET', `/webhooks/${w.webhookKey}`, { token: 't2' })).status).toBe(404);
      expect((await other.api('GET', '/webhooks?product=g2w', { token: 't2' })).json._embedded.webhooks).toEqual([]);
      expect((await other.api('PUT', '/webhooks', { token: 't2', body: [{ webhookKey: w.webhookKey, state: 'ACTIVE' }] })).status).toBe(404);
      expect((await other.api('DELETE', '/webhooks', { token: 't2', body: [w.webhookKey] })).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe('GET /webhooks?product=g2w', () => {
  it("lists the client's webhooks to every user of the client", async () => {
    const a = await env.createWebhook();
    const b = await env.createWebhook({ eventName: 'webinar.created' }, env.bob.accessToken);
    for (const token of [env.alice.accessToken, env.bob.accessToken]) {
      const r = await env.api('GET', '/webhooks?product=g2w', { token });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ _embedded: { webhooks: [a, b] } });
    }
  });

  it('answers an empty list as _embedded.webhooks = []', async () => {
    const r = await env.api('GET', '/webhooks?product=g2w');
    expect(r.json).toEqual({ _embedded: { webhooks: [] } });
  });

  it.each([['/webhooks'], ['/webhooks?product='], ['/webhooks?product=g2m']])('%s answers 400', async (path) => {
    const r = await env.api('GET', path);
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/product/);
  });
});

describe('PUT /webhooks', () => {
  it('activates and changes the callbackUrl, answering 204 with no body', async () => {
    const w = await env.createWebhook();
    const before = env.cb.received.length;
    const r = await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, state: 'ACTIVE', callbackUrl: env.hook('new') }] });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const got = (await env.api('GET', `/webhooks/${w.webhookKey}`)).json;
    expect(got.state).toBe('ACTIVE');
    expect(got.callbackUrl).toBe(env.hook('new'));
    // The new callbackUrl was validated with a GET.
    expect(env.cb.received.slice(before).some((c) => c.method === 'GET' && c.path === '/new')).toBe(true);
    expect((await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, state: 'INACTIVE' }] })).status).toBe(204);
    expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).json.state).toBe('INACTIVE');
  });

  it('answers 404 for an unknown key and changes nothing in the batch', async () => {
    const w = await env.createWebhook();
    const r = await env.api('PUT', '/webhooks', {
      body: [
        { webhookKey: w.webhookKey, state: 'ACTIVE' },
        { webhookKey: '1111111111111111111', state: 'ACTIVE' },
      ],
    });
    expect(r.status).toBe(404);
    expect(r.json.int_err_code).toBe('NotFound');
    expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).json.state).toBe('INACTIVE');
  });

  it('changes nothing when one item of the batch is invalid', async () => {
    const w = await env.createWebhook();
    const r = await env.api('PUT', '/webhooks', {
      body: [
        { webhookKey: w.webhookKey, state: 'ACTIVE' },
        { webhookKey: w.webhookKey, state: 'ENABLED' },
      ],
    });
    expect(r.status).toBe(400);
    expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).json.state).toBe('INACTIVE');
  });
});

describe('DELETE /webhooks', () => {
  it('deletes by key (202), and deletes the subscriptions to them too', async () => {
    const a = await env.createWebhook();
    const b = await env.createWebhook();
    const sa = await env.subscribe(a.webhookKey);
    const sb = await env.subscribe(a.webhookKey, env.bob.accessToken);
    const keep = await env.subscribe(b.webhookKey);
    const r = await env.api('DELETE', '/webhooks', { body: [a.webhookKey] });
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expect((await env.api('GET', `/webhooks/${a.webhookKey}`)).status).toBe(404);
    expect((await env.api('GET', `/userSubscriptions/${sa.userSubscriptionKey}`)).status).toBe(404);
    expect((await env.api('GET', `/userSubscriptions/${sb.userSubscriptionKey}`, { token: env.bob.accessToken })).status).toBe(404);
    expect((await env.api('GET', `/userSubscriptions/${keep.userSubscriptionKey}`)).status).toBe(200);
    expect(env.sim.state().userSubscriptions.map((s) => s.userSubscriptionKey)).toEqual([keep.userSubscriptionKey]);
  });

  it('answers 404 when a key is unknown and deletes none of the batch', async () => {
    const a = await env.createWebhook();
    const r = await env.api('DELETE', '/webhooks', { body: [a.webhookKey, '2222222222222222222'] });
    expect(r.status).toBe(404);
    expect((await env.api('GET', `/webhooks/${a.webhookKey}`)).status).toBe(200);
  });
});

describe('routing', () => {
  it('answers 405 for a method a resource does not have', async () => {
    const r = await env.api('GET', '/webhooks/secretkey');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.json.int_err_code).toBe('MethodNotAllowed');
  });

  it.each([['/G2W/rest/v2/nope'], ['/nope'], ['/G2W/rest/v2/webhooks/1/2'], ['/']])('answers 404 JSON for unknown route %s', async (path) => {
    const r = await env.call('GET', path, { token: env.alice.accessToken });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ int_err_code: 'NotFound', msg: expect.any(String) });
  });
});
