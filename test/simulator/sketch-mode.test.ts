/** mode: 'sketch-compatible' additionally accepts the founding sketch's shapes; the published ones keep working. */
import { startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ mode: 'sketch-compatible' });
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

const sketchWebhook = (): Record<string, unknown> => ({
  callbackUrl: env.hook(),
  eventName: 'registrant.added',
  eventVersion: '1.0.0',
  product: 'g2w',
});

it('creates a webhook from a single object: 201 with the sketch names', async () => {
  const r = await env.api('POST', '/webhooks', { body: { ...sketchWebhook(), secretKey: 'ignored' } });
  expect(r.status).toBe(201);
  expect(r.json).toEqual({
    webhookKey: expect.stringMatching(/^\d{18,19}$/),
    product: 'g2w',
    eventName: 'registrant.added',
    eventVersion: '1.0.0',
    callbackUrl: env.hook(),
    webhookState: 'INACTIVE',
    createTime: expect.any(String),
  });
  expect(r.json.state).toBeUndefined();
});

it('still answers the published array form with 200 _embedded, adding webhookState next to state', async () => {
  const r = await env.api('POST', '/webhooks', { body: [sketchWebhook()] });
  expect(r.status).toBe(200);
  expect(r.json._embedded.webhooks[0]).toMatchObject({ state: 'INACTIVE', webhookState: 'INACTIVE' });
});

it('accepts webhookState in PUT /webhooks items', async () => {
  const w = (await env.api('POST', '/webhooks', { body: sketchWebhook() })).json;
  const r = await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }] });
  expect(r.status).toBe(204);
  expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).json).toMatchObject({ state: 'ACTIVE', webhookState: 'ACTIVE' });
  const clash = await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, webhookState: 'ACTIVE', state: 'INACTIVE' }] });
  expect(clash.status).toBe(400);
});

it('creates a subscription from a single object (201, subscriptionKey) and supports the per-key PUT and DELETE', async () => {
  const w = (await env.api('POST', '/webhooks', { body: sketchWebhook() })).json;
  const r = await env.api('POST', '/userSubscriptions', { body: { webhookKey: w.webhookKey, callbackUrl: env.hook('s') } });
  expect(r.status).toBe(201);
  expect(r.json).toMatchObject({
    subscriptionKey: expect.stringMatching(/^\d{18,19}$/),
    userKey: env.alice.userKey,
    webhookKey: w.webhookKey,
    callbackUrl: env.hook('s'),
    userSubscriptionState: 'ACTIVE',
  });
  expect(r.json.userSubscriptionKey).toBeUndefined();
  const key = r.json.subscriptionKey;

  const put = await env.api('PUT', `/userSubscriptions/${key}`, { body: { userSubscriptionState: 'INACTIVE' } });
  expect(put.status).toBe(204);
  const got = await env.api('GET', `/userSubscriptions/${key}`);
  expect(got.json).toMatchObject({ userSubscriptionKey: key, subscriptionKey: key, userSubscriptionState: 'INACTIVE' });

  // the subscriptionKey alias in the published PUT
  const alias = await env.api('PUT', '/userSubscriptions', {
    body: [{ webhookKey: w.webhookKey, subscriptionKey: key, userSubscriptionState: 'ACTIVE' }],
  });
  expect(alias.status).toBe(204);
  expect((await env.api('GET', `/userSubscriptions/${key}`)).json.userSubscriptionState).toBe('ACTIVE');

  expect((await env.api('PUT', `/userSubscriptions/${key}`, { token: env.bob.accessToken, body: { userSubscriptionState: 'INACTIVE' } })).status).toBe(404);
  expect((await env.api('DELETE', `/userSubscriptions/${key}`, { token: env.bob.accessToken })).status).toBe(404);
  const del = await env.api('DELETE', `/userSubscriptions/${key}`);
  expect(del.status).toBe(204);
  expect((await env.api('GET', `/userSubscriptions/${key}`)).status).toBe(404);
});

it('answers an empty-body POST /webhooks/secretkey with 201 {secretKey, value, id, validFrom}', async () => {
  const r = await env.api('POST', '/webhooks/secretkey');
  expect(r.status).toBe(201);
  expect(Object.keys(r.json).sort()).toEqual(['id', 'secretKey', 'validFrom', 'value']);
  expect(r.json.secretKey).toBe(r.json.value);
  // with a body it is the published operation
  const published = await env.api('POST', '/webhooks/secretkey', { body: {} });
  expect(published.status).toBe(200);
  expect(published.json.secretKey).toBeUndefined();
});

it('still rejects what neither shape allows', async () => {
  expect((await env.api('POST', '/webhooks', { body: { ...sketchWebhook(), eventName: 'nope' } })).status).toBe(400);
  expect((await env.api('POST', '/webhooks', { body: { ...sketchWebhook(), color: 'red' } })).status).toBe(400);
  expect((await env.api('POST', '/userSubscriptions', { body: { webhookKey: '7777777777777777777' } })).status).toBe(404);
});
