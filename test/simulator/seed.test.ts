/** `POST /_sim/seed`: objects seeded with their own keys are served by the API as if GoTo had made them. */
import { startEnv, type Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv({ keyShape: 'uuid' });
});
afterAll(() => env.stop());

const webhook = {
  webhookKey: 'wh-from-elsewhere-1',
  clientId: 'dev-client',
  callbackUrl: 'https://hooks.example.com/a',
  eventName: 'registrant.added',
  eventVersion: '1.0.0',
  product: 'g2w',
  state: 'ACTIVE',
  createTime: '2026-01-02T03:04:05.678Z',
};

test('seeded webhooks and subscriptions keep their keys and are read, listed and deleted through the API', async () => {
  const subscription = {
    userSubscriptionKey: 'sub-from-elsewhere-1',
    userKey: env.alice.userKey,
    webhookKey: webhook.webhookKey,
    userSubscriptionState: 'ACTIVE',
    createTime: '2026-01-02T03:04:06.000Z',
  };
  expect((await env.call('POST', '/_sim/seed', { body: { webhooks: [webhook], userSubscriptions: [subscription] } })).status).toBe(204);
  const read = await env.api('GET', `/webhooks/${webhook.webhookKey}`);
  expect(read).toMatchObject({ status: 200, json: { webhookKey: webhook.webhookKey, state: 'ACTIVE', createTime: webhook.createTime } });
  const sub = await env.api('GET', `/userSubscriptions/${subscription.userSubscriptionKey}`);
  expect(sub).toMatchObject({ status: 200, json: { userSubscriptionKey: subscription.userSubscriptionKey, activationState: 'ACTIVE' } });
  // Another user does not see alice's subscription.
  expect((await env.api('GET', `/userSubscriptions/${subscription.userSubscriptionKey}`, { token: env.bob.accessToken })).status).toBe(404);
  expect((await env.api('DELETE', '/webhooks', { body: [webhook.webhookKey] })).status).toBe(202);
  expect(env.sim.state()).toMatchObject({ webhooks: [], userSubscriptions: [] });
});

test.each([
  ['a webhook without a key', { webhooks: [{ ...webhook, webhookKey: '' }] }],
  ['a bad state', { webhooks: [{ ...webhook, state: 'ON' }] }],
  ['an unknown field', { widgets: [] }],
  ['not an array', { webhooks: webhook }],
])('refuses %s with 400 and seeds nothing', async (_what, body) => {
  expect((await env.call('POST', '/_sim/seed', { body })).status).toBe(400);
  expect(env.sim.state().webhooks).toEqual([]);
});
