import { startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const SUB_FIELDS = [
  'activationState',
  'createTime',
  'eventName',
  'eventVersion',
  'product',
  'userSubscriptionKey',
  'userSubscriptionState',
  'webhookKey',
];

describe('POST /userSubscriptions', () => {
  it('creates ACTIVE subscriptions by default and answers 200 _embedded.userSubscriptions', async () => {
    const w = await env.createWebhook({ eventName: 'webinar.changed' });
    const r = await env.api('POST', '/userSubscriptions', {
      body: [{ webhookKey: w.webhookKey }, { webhookKey: w.webhookKey, callbackUrl: env.hook('mine'), userSubscriptionState: 'INACTIVE' }],
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['_embedded']);
    const [a, b] = r.json._embedded.userSubscriptions;
    expect(Object.keys(a).sort()).toEqual(SUB_FIELDS);
    expect(Object.keys(b).sort()).toEqual([...SUB_FIELDS, 'callbackUrl'].sort());
    expect(a).toMatchObject({
      webhookKey: w.webhookKey,
      eventName: 'webinar.changed',
      eventVersion: '1.0.0',
      product: 'g2w',
      userSubscriptionState: 'ACTIVE',
      // the webhook is still INACTIVE
      activationState: 'INACTIVE',
    });
    expect(a.userSubscriptionKey).toMatch(/^\d{18,19}$/);
    expect(b).toMatchObject({ callbackUrl: env.hook('mine'), userSubscriptionState: 'INACTIVE', activationState: 'INACTIVE' });
    expect(env.sim.state().userSubscriptions.map((s) => s.userKey)).toEqual([env.alice.userKey, env.alice.userKey]);
  });

  it('answers 404 when the webhook does not exist (or belongs to another client)', async () => {
    const r = await env.api('POST', '/userSubscriptions', { body: [{ webhookKey: '3333333333333333333' }] });
    expect(r.status).toBe(404);
    expect(env.sim.state().userSubscriptions).toEqual([]);
  });

  it('validates its own callbackUrl with a GET', async () => {
    const w = await env.createWebhook();
    env.cb.setValidationStatus(500);
    try {
      const r = await env.api('POST', '/userSubscriptions', { body: [{ webhookKey: w.webhookKey, callbackUrl: env.hook('x') }] });
      expect(r.status).toBe(400);
      expect(r.json.msg).toMatch(/did not answer 200/);
    } finally {
      env.cb.setValidationStatus(200);
    }
  });
});

describe('activationState', () => {
  it('is ACTIVE only when the webhook and the subscription are both ACTIVE', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const read = async (): Promise<string> => (await env.api('GET', `/userSubscriptions/${s.userSubscriptionKey}`)).json.activationState;
    expect(await read()).toBe('INACTIVE'); // webhook INACTIVE, subscription ACTIVE
    await env.activate(w.webhookKey);
    expect(await read()).toBe('ACTIVE');
    const put = (state: string) =>
      env.api('PUT', '/userSubscriptions', { body: [{ webhookKey: w.webhookKey, userSubscriptionKey: s.userSubscriptionKey, userSubscriptionState: state }] });
    expect((await put('INACTIVE')).status).toBe(204);
    expect(await read()).toBe('INACTIVE'); // webhook ACTIVE, subscription INACTIVE
    await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, state: 'INACTIVE' }] });
    expect(await read()).toBe('INACTIVE'); // both INACTIVE
    await put('ACTIVE');
    await env.activate(w.webhookKey);
    expect(await read()).toBe('ACTIVE');
  });
});

describe('GET /userSubscriptions', () => {
  it("lists only the caller's subscriptions", async () => {
    const w = await env.createWebhook();
    const mine = await env.subscribe(w.webhookKey);
    const bobs = await env.subscribe(w.webhookKey, env.bob.accessToken);
    const a = await env.api('GET', '/userSubscriptions?product=g2w');
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ _embedded: { userSubscriptions: [mine] } });
    const b = await env.api('GET', '/userSubscriptions?product=g2w', { token: env.bob.accessToken });
    expect(b.json).toEqual({ _embedded: { userSubscriptions: [bobs] } });
  });

  it('requires product=g2w', async () => {
    expect((await env.api('GET', '/userSubscriptions')).status).toBe(400);
    expect((await env.api('GET', '/userSubscriptions?product=x')).status).toBe(400);
  });

  it("answers GET /userSubscriptions/{key} 200 for the owner and 404 for another user", async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const own = await env.api('GET', `/userSubscriptions/${s.userSubscriptionKey}`);
    expect(own.status).toBe(200);
    expect(own.json).toEqual(s);
    const other = await env.api('GET', `/userSubscriptions/${s.userSubscriptionKey}`, { token: env.bob.accessToken });
    expect(other.status).toBe(404);
    expect(other.json.int_err_code).toBe('NotFound');
    expect((await env.api('GET', '/userSubscriptions/4444444444444444444')).status).toBe(404);
  });
});

describe('PUT /userSubscriptions', () => {
  it('updates callbackUrl and state (204)', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const r = await env.api('PUT', '/userSubscriptions', {
      body: [{ webhookKey: w.webhookKey, userSubscriptionKey: s.userSubscriptionKey, callbackUrl: env.hook('sub'), userSubscriptionState: 'INACTIVE' }],
    });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const got = (await env.api('GET', `/userSubscriptions/${s.userSubscriptionKey}`)).json;
    expect(got).toMatchObject({ callbackUrl: env.hook('sub'), userSubscriptionState: 'INACTIVE' });
  });

  it("answers 404 for another user's subscription, an unknown key, or the wrong webhookKey", async () => {
    const w = await env.createWebhook();
    const w2 = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const item = { webhookKey: w.webhookKey, userSubscriptionKey: s.userSubscriptionKey, userSubscriptionState: 'INACTIVE' };
    expect((await env.api('PUT', '/userSubscriptions', { token: env.bob.accessToken, body: [item] })).status).toBe(404);
    expect((await env.api('PUT', '/userSubscriptions', { body: [{ ...item, userSubscriptionKey: '5555555555555555555' }] })).status).toBe(404);
    expect((await env.api('PUT', '/userSubscriptions', { body: [{ ...item, webhookKey: w2.webhookKey }] })).status).toBe(404);
    expect(env.sim.state().userSubscriptions[0]!.userSubscriptionState).toBe('ACTIVE');
  });

  it('changes nothing when one item fails', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    const r = await env.api('PUT', '/userSubscriptions', {
      body: [
        { webhookKey: w.webhookKey, userSubscriptionKey: s.userSubscriptionKey, userSubscriptionState: 'INACTIVE' },
        { webhookKey: w.webhookKey, userSubscriptionKey: '6666666666666666666', userSubscriptionState: 'INACTIVE' },
      ],
    });
    expect(r.status).toBe(404);
    expect(env.sim.state().userSubscriptions[0]!.userSubscriptionState).toBe('ACTIVE');
  });
});

describe('DELETE /userSubscriptions', () => {
  it('deletes own subscriptions (202) and refuses another user\'s (404)', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    expect((await env.api('DELETE', '/userSubscriptions', { token: env.bob.accessToken, body: [s.userSubscriptionKey] })).status).toBe(404);
    const r = await env.api('DELETE', '/userSubscriptions', { body: [s.userSubscriptionKey] });
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expect((await env.api('GET', `/userSubscriptions/${s.userSubscriptionKey}`)).status).toBe(404);
    expect((await env.api('DELETE', '/userSubscriptions', { body: [s.userSubscriptionKey] })).status).toBe(404);
  });

  it('has no per-key PUT/DELETE in strict mode (405)', async () => {
    const w = await env.createWebhook();
    const s = await env.subscribe(w.webhookKey);
    expect((await env.api('DELETE', `/userSubscriptions/${s.userSubscriptionKey}`)).status).toBe(405);
    expect((await env.api('PUT', `/userSubscriptions/${s.userSubscriptionKey}`, { body: { userSubscriptionState: 'INACTIVE' } })).status).toBe(405);
  });
});
