/**
 * The UserSubscription provider against the simulator: per-organizer credentials resolved at call time, drift,
 * refresh, replacement on webhook/organizer change, adoption, deletes.
 */
import { GoToClient } from '../../provider/api';
import { configure, providers } from '../../provider/runtime';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

const subscription = providers.userSubscription;
let sim: RunningSimulator;
let receiver: CallbackServer;
let alice: GoToClient;
let bob: GoToClient;
let webhookKey: string;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  const [a, b] = sim.users;
  const config: Record<string, string> = {
    'gotowebinar:accessToken': a.accessToken,
    'gotowebinar:apiUrl': sim.apiUrl,
    // These tests change GoTo out of band between calls in one process: read every object afresh.
    'gotowebinar:readSnapshotSeconds': '0',
    'gotowebinar:authUrl': sim.authUrl,
    'gotowebinar:clientId': sim.clients[0].clientId,
    'gotowebinar:clientSecret': sim.clients[0].clientSecret,
    // As `pulumi config set --secret --path 'gotowebinar:organizers.bob.refreshToken' …` stores it.
    'gotowebinar:organizers': JSON.stringify({ bob: { refreshToken: b.refreshToken } }),
  };
  await configure({ config: { get: (k) => config[k] } });
  alice = new GoToClient({ credentials: { accessToken: a.accessToken }, apiUrl: sim.apiUrl });
  bob = new GoToClient({ credentials: { accessToken: b.accessToken }, apiUrl: sim.apiUrl });
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});
beforeEach(async () => {
  sim.reset();
  const w = await alice.createWebhooks([{ callbackUrl: `${receiver.url}/w`, eventName: 'registrant.added' }]).then(([w]) => w!);
  await alice.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }]);
  webhookKey = w.webhookKey;
});

async function created(extra: Record<string, unknown> = {}) {
  const { inputs, failures } = await subscription.check({}, { webhookKey, ...extra });
  expect(failures).toEqual([]);
  const { id, outs } = await subscription.create(inputs);
  return { id, outs, inputs };
}

test('check: webhookKey required, states and URLs validated, default ACTIVE', async () => {
  expect((await subscription.check({}, {})).failures).toEqual([{ property: 'webhookKey', reason: 'webhookKey is required.' }]);
  const { failures } = await subscription.check({}, { webhookKey, userSubscriptionState: 'on', callbackUrl: 'ftp://x' });
  expect(failures.map((f) => f.property).sort()).toEqual(['callbackUrl', 'userSubscriptionState']);
  expect((await subscription.check({}, { webhookKey })).inputs).toEqual({ webhookKey, userSubscriptionState: 'ACTIVE' });
});

test('create: outputs carry the key, activationState and the webhook event', async () => {
  const { id, outs } = await created({ callbackUrl: `${receiver.url}/alice` });
  expect(outs).toEqual({
    webhookKey,
    callbackUrl: `${receiver.url}/alice`,
    userSubscriptionState: 'ACTIVE',
    subscriptionKey: id,
    activationState: 'ACTIVE',
    eventName: 'registrant.added',
    eventVersion: '1.0.0',
    product: 'g2w',
    createTime: expect.any(String),
  });
});

test('organizer profile: the subscription belongs to bob, whose token comes from the refresh token in config', async () => {
  const { id, outs } = await created({ organizer: 'bob' });
  expect(outs.organizer).toBe('bob');
  expect(sim.state().userSubscriptions).toEqual([expect.objectContaining({ userSubscriptionKey: id, userKey: sim.users[1].userKey })]);
  expect(sim.requests().some((r) => r.kind === 'oauth' && r.status === 200)).toBe(true);
  // Reading it back uses bob's credentials too (alice cannot see it).
  expect((await subscription.read(id, outs)).id).toBe(id);
  expect(await alice.findUserSubscription(id)).toBeUndefined();
});

test('an organizer without credentials fails with a message naming the config path and the variables', async () => {
  const { inputs } = await subscription.check({}, { webhookKey, organizer: 'carol' });
  await expect(subscription.create(inputs)).rejects.toThrow(
    /organizers\.carol\.refreshToken.*GOTOWEBINAR_ORGANIZER_CAROL_REFRESH_TOKEN/s,
  );
});

test('no drift: no changes; deactivated out of band: an update that reactivates', async () => {
  const { id, outs, inputs } = await created();
  expect((await subscription.diff(id, outs, inputs)).changes).toBe(false);
  await alice.updateUserSubscriptions([{ subscriptionKey: id, webhookKey, userSubscriptionState: 'INACTIVE' }]);
  expect(await subscription.diff(id, outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ['userSubscriptionState'] });
  const { outs: healed } = await subscription.update(id, outs, inputs);
  expect(healed).toMatchObject({ userSubscriptionState: 'ACTIVE', activationState: 'ACTIVE' });
});

test('deleted out of band: a replacement; read gives an empty id', async () => {
  const { id, outs, inputs } = await created();
  await alice.deleteUserSubscriptions([id]);
  expect(await subscription.diff(id, outs, inputs)).toEqual({
    changes: true,
    replaces: ['subscriptionKey'],
    deleteBeforeReplace: false,
    diffs: ['subscriptionKey'],
  });
  expect((await subscription.read(id, outs)).id).toBe('');
  await expect(subscription.delete(id, outs)).resolves.toBeUndefined();
});

test('webhookKey or organizer changed: replacement', async () => {
  const { id, outs, inputs } = await created();
  expect((await subscription.diff(id, outs, { ...inputs, webhookKey: '999' })).replaces).toEqual(['webhookKey']);
  expect((await subscription.diff(id, outs, { ...inputs, organizer: 'bob' })).replaces).toEqual(['organizer']);
});

test('refresh after the webhook is deactivated: activationState follows, and the next diff stays clean', async () => {
  const { id, outs, inputs } = await created();
  await alice.updateWebhooks([{ webhookKey, webhookState: 'INACTIVE' }]);
  const read = await subscription.read(id, outs);
  expect(read.props).toMatchObject({ activationState: 'INACTIVE', userSubscriptionState: 'ACTIVE' });
  expect(read.inputs).toEqual(inputs);
  expect((await subscription.diff(id, read.props, read.inputs as typeof inputs)).changes).toBe(false);
});

test('a subscription without its own callbackUrl does not diff against the URL GoTo reports', async () => {
  const { id, outs, inputs } = await created();
  expect(outs.callbackUrl).toBeUndefined();
  expect((await subscription.diff(id, outs, inputs)).changes).toBe(false);
});

test('adoption of bob existing subscription, under his profile', async () => {
  const [existing] = await bob.createUserSubscriptions([{ webhookKey, userSubscriptionState: 'INACTIVE' }]);
  const { id, outs } = await created({ subscriptionKey: existing.subscriptionKey, organizer: 'bob' });
  expect(id).toBe(existing.subscriptionKey);
  expect(outs.userSubscriptionState).toBe('ACTIVE');
  expect(sim.state().userSubscriptions).toHaveLength(1);
});
