/**
 * Every operation of the published spec, against the simulator in its strict default mode, with the exact
 * requests checked in the simulator's request log.
 */
import { GoToClient, GoToApiError } from '../../provider/api';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';
import { rejectionOf } from '../support/no-secrets';

const API = '/G2W/rest/v2';
let sim: RunningSimulator;
let receiver: CallbackServer;
let client: GoToClient;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  client = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl, authUrl: sim.authUrl });
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});
beforeEach(() => {
  sim.reset();
});

/** The API requests the simulator saw, as `METHOD path` with the parsed body. */
function apiLog() {
  return sim
    .requests()
    .filter((r) => r.kind === 'api')
    .map((r) => ({ call: `${r.method} ${r.path}`, query: r.query, body: r.body, status: r.status }));
}

test('createWebhooks POSTs an array and reads `_embedded.webhooks`; new webhooks are INACTIVE', async () => {
  const created = await client.createWebhooks([
    { callbackUrl: `${receiver.url}/a`, eventName: 'registrant.added' },
    { callbackUrl: `${receiver.url}/b`, eventName: 'webinar.changed', eventVersion: '1.0.0', product: 'g2w' },
  ]);
  expect(created).toHaveLength(2);
  expect(created[0]).toMatchObject({
    callbackUrl: `${receiver.url}/a`,
    eventName: 'registrant.added',
    eventVersion: '1.0.0',
    product: 'g2w',
    webhookState: 'INACTIVE',
  });
  expect(created[0].webhookKey).toMatch(/^\d+$/);
  expect(apiLog()).toEqual([
    {
      call: `POST ${API}/webhooks`,
      query: {},
      status: 200,
      body: [
        { callbackUrl: `${receiver.url}/a`, eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w' },
        { callbackUrl: `${receiver.url}/b`, eventName: 'webinar.changed', eventVersion: '1.0.0', product: 'g2w' },
      ],
    },
  ]);
});

test('updateWebhooks PUTs `state` and callbackUrl; getWebhook reads them back', async () => {
  const w = await client.createWebhooks([{ callbackUrl: `${receiver.url}/a`, eventName: 'webinar.created' }]).then(([w]) => w!);
  sim.clearRequests();
  await client.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE', callbackUrl: `${receiver.url}/moved` }]);
  const read = await client.getWebhook(w.webhookKey);
  expect(read).toMatchObject({ webhookKey: w.webhookKey, webhookState: 'ACTIVE', callbackUrl: `${receiver.url}/moved` });
  expect(read.createTime).toEqual(expect.any(String));
  expect(apiLog()).toEqual([
    {
      call: `PUT ${API}/webhooks`,
      query: {},
      status: 204,
      body: [{ webhookKey: w.webhookKey, callbackUrl: `${receiver.url}/moved`, state: 'ACTIVE' }],
    },
    { call: `GET ${API}/webhooks/${w.webhookKey}`, query: {}, status: 200, body: undefined },
  ]);
});

test('listWebhooks sends product=g2w; deleteWebhooks sends the keys and gets 202', async () => {
  const [a, b] = await client.createWebhooks([
    { callbackUrl: `${receiver.url}/a`, eventName: 'registrant.joined' },
    { callbackUrl: `${receiver.url}/b`, eventName: 'survey.submitted' },
  ]);
  expect((await client.listWebhooks()).map((w) => w.webhookKey).sort()).toEqual([a.webhookKey, b.webhookKey].sort());
  sim.clearRequests();
  await client.deleteWebhooks([a.webhookKey]);
  expect(await client.findWebhook(a.webhookKey)).toBeUndefined();
  expect((await client.listWebhooks()).map((w) => w.webhookKey)).toEqual([b.webhookKey]);
  expect(apiLog().map((r) => [r.call, r.status, r.body, r.query])).toEqual([
    [`DELETE ${API}/webhooks`, 202, [a.webhookKey], {}],
    [`GET ${API}/webhooks/${a.webhookKey}`, 404, undefined, {}],
    [`GET ${API}/webhooks`, 200, undefined, { product: 'g2w' }],
  ]);
});

test('createSecretKey sends validFrom and reads value/id/validFrom', async () => {
  const now = await client.createSecretKey();
  expect(now.secretKey.length).toBeGreaterThan(20);
  expect(now.id).toMatch(/^\d+$/);
  const later = await client.createSecretKey({ validFrom: '2030-01-01T00:00:00Z' });
  expect(later.validFrom).toMatch(/^2030-01-01T00:00:00/);
  expect(later.secretKey).not.toBe(now.secretKey);
  expect(apiLog().map((r) => [r.call, r.status, r.body])).toEqual([
    [`POST ${API}/webhooks/secretkey`, 200, {}],
    [`POST ${API}/webhooks/secretkey`, 200, { validFrom: '2030-01-01T00:00:00Z' }],
  ]);
});

test('user subscriptions: create, get, list, update, delete with `userSubscriptionKey` on the wire', async () => {
  const w = await client.createWebhooks([{ callbackUrl: `${receiver.url}/w`, eventName: 'registrant.added' }]).then(([w]) => w!);
  await client.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }]);
  sim.clearRequests();

  const [s] = await client.createUserSubscriptions([{ webhookKey: w.webhookKey, callbackUrl: `${receiver.url}/s` }]);
  expect(s).toMatchObject({
    webhookKey: w.webhookKey,
    callbackUrl: `${receiver.url}/s`,
    userSubscriptionState: 'ACTIVE',
    activationState: 'ACTIVE',
  });
  const got = await client.getUserSubscription(s.subscriptionKey);
  expect(got).toMatchObject({ subscriptionKey: s.subscriptionKey, eventName: 'registrant.added', product: 'g2w' });
  expect((await client.listUserSubscriptions()).map((x) => x.subscriptionKey)).toEqual([s.subscriptionKey]);

  await client.updateUserSubscriptions([
    { subscriptionKey: s.subscriptionKey, webhookKey: w.webhookKey, userSubscriptionState: 'INACTIVE' },
  ]);
  const inactive = await client.getUserSubscription(s.subscriptionKey);
  expect(inactive).toMatchObject({ userSubscriptionState: 'INACTIVE', activationState: 'INACTIVE' });

  await client.deleteUserSubscriptions([s.subscriptionKey]);
  expect(await client.findUserSubscription(s.subscriptionKey)).toBeUndefined();

  expect(apiLog().map((r) => [r.call, r.status, r.body])).toEqual([
    [`POST ${API}/userSubscriptions`, 200, [{ webhookKey: w.webhookKey, callbackUrl: `${receiver.url}/s` }]],
    [`GET ${API}/userSubscriptions/${s.subscriptionKey}`, 200, undefined],
    [`GET ${API}/userSubscriptions`, 200, undefined],
    [
      `PUT ${API}/userSubscriptions`,
      204,
      [{ webhookKey: w.webhookKey, userSubscriptionKey: s.subscriptionKey, userSubscriptionState: 'INACTIVE' }],
    ],
    [`GET ${API}/userSubscriptions/${s.subscriptionKey}`, 200, undefined],
    [`DELETE ${API}/userSubscriptions`, 202, [s.subscriptionKey]],
    [`GET ${API}/userSubscriptions/${s.subscriptionKey}`, 404, undefined],
  ]);
});

test('activationState follows both states', async () => {
  const w = await client.createWebhooks([{ callbackUrl: `${receiver.url}/w`, eventName: 'webinar.changed' }]).then(([w]) => w!);
  const s = await client.createUserSubscriptions([{ webhookKey: w.webhookKey }]).then(([s]) => s!);
  expect((await client.getUserSubscription(s.subscriptionKey)).activationState).toBe('INACTIVE');
  await client.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }]);
  expect((await client.getUserSubscription(s.subscriptionKey)).activationState).toBe('ACTIVE');
});

describe('bad input reaches GoTo and comes back as a clear, typed error', () => {
  test('400 for an http callback names the field and is not retried', async () => {
    const strictSim = await startSimulator(); // no loopback http allowance
    try {
      const c = new GoToClient({ credentials: { accessToken: strictSim.users[0].accessToken }, apiUrl: strictSim.apiUrl });
      const err = (await rejectionOf(() =>
        c.createWebhooks([{ callbackUrl: 'http://127.0.0.1:1/x', eventName: 'registrant.added' }]),
      )) as GoToApiError;
      expect(err).toBeInstanceOf(GoToApiError);
      expect(err).toMatchObject({ code: 'ERR_GOTO_BAD_REQUEST', status: 400, operation: 'createWebhooks' });
      expect(err.message).toMatch(/callbackUrl/);
      expect(strictSim.requests().filter((r) => r.kind === 'api')).toHaveLength(1);
    } finally {
      await strictSim.stop();
    }
  });

  test('404 for an unknown key carries the key and says what it means', async () => {
    const err = (await rejectionOf(() => client.getWebhook('1234567890123456789'))) as GoToApiError;
    expect(err).toMatchObject({ code: 'ERR_GOTO_NOT_FOUND', status: 404, key: '1234567890123456789' });
    expect(err.message).toMatch(/deleted outside Pulumi/);
  });

  test('empty arrays and keys are refused before any request', async () => {
    await expect(client.createWebhooks([])).rejects.toMatchObject({ code: 'ERR_GOTO_INVALID_ARGUMENT' });
    await expect(client.getWebhook('')).rejects.toMatchObject({ code: 'ERR_GOTO_INVALID_ARGUMENT' });
    await expect(client.deleteUserSubscriptions([])).rejects.toMatchObject({ code: 'ERR_GOTO_INVALID_ARGUMENT' });
    // Dot segments would address another path once the URL is resolved (GET /webhooks/.. is the collection).
    for (const key of ['.', '..', '%2e%2E', '.%2e']) {
      await expect(client.getWebhook(key)).rejects.toThrow(TypeError);
      await expect(client.getUserSubscription(key)).rejects.toMatchObject({ code: 'ERR_GOTO_INVALID_ARGUMENT' });
    }
    expect(apiLog()).toEqual([]);
  });

  test('a bad apiUrl is a configuration error', () => {
    expect(() => new GoToClient({ credentials: { accessToken: 'abcdefgh' }, apiUrl: 'not a url' })).toThrow(
      /apiUrl is not a valid absolute URL/,
    );
  });
});

describe('tolerant reader against the sketch-compatible simulator', () => {
  test('reads the same model from both documents', async () => {
    const sketchSim = await startSimulator({ mode: 'sketch-compatible', allowLoopbackHttp: true });
    try {
      const c = new GoToClient({ credentials: { accessToken: sketchSim.users[0].accessToken }, apiUrl: sketchSim.apiUrl });
      const w = await c.createWebhooks([{ callbackUrl: `${receiver.url}/sk`, eventName: 'registrant.added' }]).then(([w]) => w!);
      expect(w.webhookState).toBe('INACTIVE');
      const key = await c.createSecretKey();
      expect(key.secretKey.length).toBeGreaterThan(20);
    } finally {
      await sketchSim.stop();
    }
  });
});
