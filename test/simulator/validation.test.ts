/** Every documented 400: wrong body kinds, missing/unknown/mistyped fields, unsupported values, bad callback URLs. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const valid = (): Record<string, unknown> => ({ callbackUrl: env.hook(), eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w' });
const without = (field: string) => () => {
  const v = valid();
  delete v[field];
  return [v];
};
const withField = (field: string, value: unknown) => () => [{ ...valid(), [field]: value }];

describe('POST /webhooks rejects invalid bodies with 400 and creates nothing', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['a single object (strict mode)', () => valid(), /must be a JSON array/],
    ['an empty array', () => [], /non-empty array/],
    ['a string', () => 'hello', /must be a JSON array/],
    ['null', () => null, /must be a JSON array/],
    ['an array of strings', () => ['x'], /must be a JSON object/],
    ['a missing callbackUrl', without('callbackUrl'), /callbackUrl is required/],
    ['a missing eventName', without('eventName'), /eventName is required/],
    ['a missing eventVersion', without('eventVersion'), /eventVersion is required/],
    ['a missing product', without('product'), /product is required/],
    ['an unknown eventName', withField('eventName', 'registrant.deleted'), /eventName "registrant.deleted" is not supported/],
    ['eventVersion 2.0.0', withField('eventVersion', '2.0.0'), /eventVersion/],
    ['product g2m', withField('product', 'g2m'), /product/],
    ['a numeric eventName', withField('eventName', 1), /eventName must be a string/],
    ['a null callbackUrl', withField('callbackUrl', null), /callbackUrl must be a string/],
    ['an empty callbackUrl', withField('callbackUrl', ''), /callbackUrl must not be empty/],
    ['an unknown field', withField('color', 'blue'), /unknown field\(s\): color/],
    ['the sketch field secretKey', withField('secretKey', 'abc'), /unknown field\(s\): secretKey/],
    ['the sketch field webhookState', withField('webhookState', 'ACTIVE'), /webhookState \(the published API names it "state"\)/],
    ['state on create', withField('state', 'ACTIVE'), /unknown field\(s\): state/],
    ['a relative callbackUrl', withField('callbackUrl', '/hook'), /not a valid absolute URL/],
    ['an ftp callbackUrl', withField('callbackUrl', 'ftp://127.0.0.1/hook'), /https/],
    ['a non-loopback http callbackUrl', withField('callbackUrl', 'http://example.com/hook'), /loopback/],
  ];
  it.each(cases)('%s', async (_what, body, msg) => {
    const r = await env.api('POST', '/webhooks', { body: body() });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ int_err_code: 'InvalidRequest', msg: expect.stringMatching(msg) });
    expect(env.sim.state().webhooks).toEqual([]);
  });

  it('names the failing item', async () => {
    const r = await env.api('POST', '/webhooks', { body: [valid(), { ...valid(), product: 'x' }] });
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/webhooks\[1\]/);
    expect(env.sim.state().webhooks).toEqual([]);
  });

  it('answers 400 for an empty body', async () => {
    const r = await env.api('POST', '/webhooks', { raw: '', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/body is required/);
  });
});

describe('PUT /webhooks rejects invalid bodies with 400', () => {
  let key: string;
  beforeEach(async () => {
    key = (await env.createWebhook()).webhookKey;
  });
  const cases: [string, (k: string) => unknown, RegExp][] = [
    ['a single object', (k) => ({ webhookKey: k, state: 'ACTIVE' }), /must be a JSON array/],
    ['an empty array', () => [], /non-empty/],
    ['a missing webhookKey', () => [{ state: 'ACTIVE' }], /webhookKey is required/],
    ['a numeric webhookKey', (k) => [{ webhookKey: Number(k), state: 'ACTIVE' }], /webhookKey must be a string/],
    ['state ENABLED', (k) => [{ webhookKey: k, state: 'ENABLED' }], /state "ENABLED" is not supported/],
    ['the sketch field webhookState', (k) => [{ webhookKey: k, webhookState: 'ACTIVE' }], /webhookState \(the published API names it "state"\)/],
    ['eventName (immutable)', (k) => [{ webhookKey: k, eventName: 'webinar.created' }], /eventName \(cannot be updated/],
    ['nothing to update', (k) => [{ webhookKey: k }], /nothing to update/],
    ['an https-less callbackUrl', (k) => [{ webhookKey: k, callbackUrl: 'http://example.com/x' }], /https/],
  ];
  it.each(cases)('%s', async (_what, body, msg) => {
    const r = await env.api('PUT', '/webhooks', { body: body(key) });
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(msg);
    expect(env.sim.state().webhooks[0]!.state).toBe('INACTIVE');
  });
});

describe('DELETE bodies', () => {
  it.each([
    ['/webhooks', { webhookKey: '1' }],
    ['/webhooks', []],
    ['/webhooks', [1234]],
    ['/userSubscriptions', 'abc'],
    ['/userSubscriptions', []],
    ['/userSubscriptions', [{ userSubscriptionKey: '1' }]],
  ])('DELETE %s with %j answers 400', async (path, body) => {
    const r = await env.api('DELETE', path, { body });
    expect(r.status).toBe(400);
    expect(r.json.int_err_code).toBe('InvalidRequest');
  });

  it('DELETE without a body answers 400', async () => {
    expect((await env.api('DELETE', '/webhooks')).status).toBe(400);
  });
});

describe('user subscription bodies', () => {
  let key: string;
  beforeEach(async () => {
    key = (await env.createWebhook()).webhookKey;
  });
  it.each([
    ['a single object', (k: string) => ({ webhookKey: k })],
    ['an empty array', () => []],
    ['a missing webhookKey', () => [{ userSubscriptionState: 'ACTIVE' }]],
    ['state PAUSED', (k: string) => [{ webhookKey: k, userSubscriptionState: 'PAUSED' }]],
    ['the sketch field subscriptionKey', (k: string) => [{ webhookKey: k, subscriptionKey: '1' }]],
    ['a userKey', (k: string) => [{ webhookKey: k, userKey: '1' }]],
    ['an http callbackUrl on a public host', (k: string) => [{ webhookKey: k, callbackUrl: 'http://example.com/' }]],
  ])('POST with %s answers 400', async (_what, body) => {
    const r = await env.api('POST', '/userSubscriptions', { body: body(key) });
    expect(r.status).toBe(400);
    expect(env.sim.state().userSubscriptions).toEqual([]);
  });

  it('PUT with the sketch name subscriptionKey is rejected, naming the published name', async () => {
    const s = await env.subscribe(key);
    const r = await env.api('PUT', '/userSubscriptions', {
      body: [{ webhookKey: key, subscriptionKey: s.userSubscriptionKey, userSubscriptionState: 'INACTIVE' }],
    });
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/subscriptionKey \(the published API names it "userSubscriptionKey"\)/);
  });

  it.each([
    ['a missing userSubscriptionKey', (k: string) => [{ webhookKey: k, userSubscriptionState: 'INACTIVE' }]],
    ['a missing webhookKey', (_k: string, s: string) => [{ userSubscriptionKey: s, userSubscriptionState: 'INACTIVE' }]],
    ['nothing to update', (k: string, s: string) => [{ webhookKey: k, userSubscriptionKey: s }]],
    ['a bad state', (k: string, s: string) => [{ webhookKey: k, userSubscriptionKey: s, userSubscriptionState: 'on' }]],
  ])('PUT with %s answers 400', async (_what, body) => {
    const s = await env.subscribe(key);
    const r = await env.api('PUT', '/userSubscriptions', { body: body(key, s.userSubscriptionKey) });
    expect(r.status).toBe(400);
  });
});

describe('callback URL validation', () => {
  it('refuses a callbackUrl that does not answer 200 to GET, on create and on update', async () => {
    env.cb.setValidationStatus(404);
    try {
      const r = await env.api('POST', '/webhooks', { body: [valid()] });
      expect(r.status).toBe(400);
      expect(r.json.msg).toMatch(/did not answer 200 .*answered 404/);
      expect(env.sim.state().webhooks).toEqual([]);
    } finally {
      env.cb.setValidationStatus(200);
    }
    const w = await env.createWebhook();
    env.cb.setValidationStatus(204);
    try {
      const r = await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, callbackUrl: env.hook('other'), state: 'ACTIVE' }] });
      expect(r.status).toBe(400);
      expect(r.json.msg).toMatch(/did not answer 200/);
      expect(env.sim.state().webhooks[0]).toMatchObject({ callbackUrl: env.hook(), state: 'INACTIVE' });
    } finally {
      env.cb.setValidationStatus(200);
    }
  });

  it('refuses a callbackUrl nobody listens on', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const r = await env.api('POST', '/webhooks', { body: [{ ...valid(), callbackUrl: `http://127.0.0.1:${port}/gone` }] });
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/did not answer 200/);
  });

  it('refuses a callbackUrl that does not answer in time', async () => {
    const slow = await startEnv({ callbackTimeoutMs: 150 });
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await slow.api('POST', '/webhooks', { body: [{ ...valid(), callbackUrl: `http://127.0.0.1:${port}/slow` }] });
      expect(r.status).toBe(400);
      expect(r.json.msg).toMatch(/timed out/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await slow.stop();
    }
  });

  it('accepts http on localhost and [::1] spellings when allowLoopbackHttp is on (syntax only)', async () => {
    // localhost resolves to the callback server's loopback address
    const port = new URL(env.cb.url).port;
    const r = await env.api('POST', '/webhooks', { body: [{ ...valid(), callbackUrl: `http://localhost:${port}/x` }] });
    // Either 200 (localhost → 127.0.0.1) or a failed GET (localhost → ::1 only): never a syntax refusal.
    if (r.status !== 200) expect(r.json.msg).toMatch(/did not answer 200/);
  });

  it('refuses http callbacks on loopback when allowLoopbackHttp is off (the default)', async () => {
    const strict = await startEnv({ allowLoopbackHttp: false });
    try {
      const seen = env.cb.received.length;
      const r = await strict.api('POST', '/webhooks', { body: [valid()] });
      expect(r.status).toBe(400);
      expect(r.json.msg).toMatch(/must be an https URL/);
      // no GET was attempted
      expect(env.cb.received.length).toBe(seen);
    } finally {
      await strict.stop();
    }
  });
});
