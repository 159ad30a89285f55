/**
 * The root stack project (index.ts + Pulumi.dev.yaml) through its life under the real Pulumi engine, against the
 * simulator, which mints UUID keys here (GoTo's spec says only "string"): create, no-op preview, every drift case
 * (with the provider's warnings saying what drifted), refresh, an event end to end, destroy. One stack, on a working copy of the project and a temp file backend, is shared by
 * the tests of this file, which run in order. Plus: invalid config fails naming the key, and the prod stack file
 * plans with the same program.
 */
import * as fs from 'node:fs';
import { EngineStack } from '../../tools/pulumi/automation';
import { rootProjectCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { parseStackConfig, PROJECT, type Outputs, type StackSettings } from '../../stack/config';
import { readStackFile } from '../../scripts/stack-file';
import { simulatorEnv, simUserFor } from '../../scripts/sim-env';
import { errorText, expectOps, failureOf, OPERATION_TIMEOUT, ROOT, run, startFixture, warnings, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const NS = PROJECT;

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;
let settings: StackSettings;
let resourceCount: number;

beforeAll(async () => {
  // Keys GoTo's spec allows but the simulator does not mint by default: nothing may assume they are decimal.
  fx = await startFixture('/goto', 'uuid');
  copy = rootProjectCopy('root-stack-test');
  const config = { [`${NS}:callbackBaseUrl`]: fx.receiver.baseUrl };
  settings = parseStackConfig({ ...readStackFile(ROOT, 'dev').config, ...config });
  resourceCount = 2 + settings.webhooks.length + settings.subscriptions.length;
  stack = await EngineStack.open({ workDir: copy.dir, stackName: 'dev', config, env: simulatorEnv(fx.sim, ['alice', 'bob']) });
});

afterAll(async () => {
  await stack?.remove();
  copy?.remove();
  await fx?.stop();
});

async function outputs(): Promise<Outputs> {
  return (await stack.outputs()) as unknown as Outputs;
}

/** The simulator holds exactly what Pulumi.dev.yaml declares. */
async function expectLiveMatchesStackFile(): Promise<void> {
  const out = await outputs();
  const live = fx.sim.state();
  expect(live.webhooks).toHaveLength(settings.webhooks.length);
  for (const w of settings.webhooks) {
    expect(live.webhooks.find((h) => h.webhookKey === out.webhookKeys[w.name])).toMatchObject({
      eventName: w.eventName,
      state: w.state,
      callbackUrl: `${fx.receiver.baseUrl}/${out.callbackPathToken}/${w.path}`,
    });
  }
  expect(live.userSubscriptions).toHaveLength(settings.subscriptions.length);
  for (const s of settings.subscriptions) {
    expect(live.userSubscriptions.find((u) => u.userSubscriptionKey === out.subscriptionKeys[s.organizerName][s.webhook])).toMatchObject({
      webhookKey: out.webhookKeys[s.webhook],
      userSubscriptionState: s.state,
      userKey: simUserFor(fx.sim, s.organizer!).userKey,
    });
  }
}

test('the dev stack declares 3 webhooks (one INACTIVE) and 4 subscriptions of alice and bob', () => {
  expect(settings.webhooks.map((w) => `${w.name}:${w.state}`)).toEqual(['registrations:ACTIVE', 'joins:ACTIVE', 'webinar-changes:INACTIVE']);
  expect(settings.subscriptions.map((s) => s.name)).toEqual(['alice-registrations', 'alice-joins', 'alice-webinar-changes', 'bob-registrations']);
});

test('preview of an empty stack plans every resource as a create and changes nothing', async () => {
  const result = await run(stack, 'preview');
  expectOps(result, { otherwise: 'create', count: resourceCount });
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().secretKeys).toEqual([]);
});

test('up creates what the stack file declares, and exports what a receiving application needs', async () => {
  const result = await run(stack, 'up');
  expectOps(result, { otherwise: 'create', count: resourceCount });
  await expectLiveMatchesStackFile();

  const out = await outputs();
  expect(Object.keys(out.webhookKeys).sort()).toEqual(['joins', 'registrations', 'webinar-changes']);
  // The simulator's (non-decimal) keys, exactly as GoTo gave them.
  expect(Object.values(out.webhookKeys).sort()).toEqual(fx.sim.state().webhooks.map((w) => w.webhookKey).sort());
  for (const key of Object.values(out.webhookKeys)) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(Object.keys(out.subscriptionKeys.alice).sort()).toEqual(['joins', 'registrations', 'webinar-changes']);
  expect(Object.keys(out.subscriptionKeys.bob)).toEqual(['registrations']);
  expect(out.callbackPathToken).toMatch(/^[a-z0-9]{32}$/);
  expect(out.callbackUrls.registrations).toBe(`${fx.receiver.baseUrl}/${out.callbackPathToken}/registrations`);
  const [key] = fx.sim.state().secretKeys;
  expect(out.secretKey).toBe(key.value);
  expect(out.secretKeyId).toBe(String(key.id));

  // Secret outputs are secrets: marked so by the engine, never in the engine's output, nor in the state in clear.
  expect(await stack.secretOutputs()).toEqual(expect.arrayContaining(['secretKey', 'callbackPathToken', 'callbackUrls']));
  expect(result.stdout).not.toContain(out.secretKey);
  expect(result.stdout).not.toContain(out.callbackPathToken);
  const stateText = fs.readFileSync(stack.stateFile(), 'utf8');
  expect(stateText).not.toContain(out.secretKey);
  const where = stateText.split("\n").filter((l) => l.includes(out.callbackPathToken));
  expect(where).toEqual([]);
  // No credential reaches state.
  for (const secret of ['dev-token-alice', 'dev-refresh-alice', 'dev-refresh-bob', 'dev-client-secret']) {
    expect(stateText).not.toContain(secret);
  }
});

test('a second preview shows no change', async () => {
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: resourceCount });
});

test('an event is delivered to the token path, signed, and verified with the exported secret', async () => {
  const out = await outputs();
  fx.receiver.configure({ token: out.callbackPathToken, secrets: [out.secretKey] });
  const deliveries = await fx.sim.fireEvent({ eventName: 'registrant.added', payload: { webinarKey: '8250000000000000123' } });
  // registrations is subscribed by alice and bob.
  expect(deliveries).toHaveLength(2);
  for (const d of deliveries) {
    expect(d).toMatchObject({ status: 200, signed: true });
    expect(d.url).toBe(out.callbackUrls.registrations);
  }
  expect(fx.receiver.received).toHaveLength(2);
  expect(fx.receiver.received.map((r) => r.secretIndex)).toEqual([0, 0]);
  expect(fx.receiver.received.map((r) => (r.event as { webinarCreatorKey?: string }).webinarCreatorKey).sort()).toEqual(
    [simUserFor(fx.sim, 'alice').userKey, simUserFor(fx.sim, 'bob').userKey].sort(),
  );
  expect(fx.receiver.received[0].event).toMatchObject({ webinarKey: '8250000000000000123' });
  // joins and webinar-changes: nothing for an event they do not carry; webinar-changes is INACTIVE anyway.
  expect(await fx.sim.fireEvent({ eventName: 'webinar.changed' })).toEqual([]);
});

test('drift: each case shows in a plain preview as exactly its step, up heals it, the next preview is clean', async () => {
  const out = await outputs();
  const owner = fx.api(0);
  const alice = fx.api(0); // the default account is alice's too
  const bob = fx.api(1);
  // 1. a webhook deactivated; 2. a callback URL changed; 3. a webhook deleted (GoTo deletes its subscriptions too)
  await owner.updateWebhooks([{ webhookKey: out.webhookKeys.joins, webhookState: 'INACTIVE' }]);
  await owner.updateWebhooks([{ webhookKey: out.webhookKeys.registrations, callbackUrl: `${fx.receiver.baseUrl}/elsewhere` }]);
  await owner.deleteWebhooks([out.webhookKeys['webinar-changes']]);
  // 4. a subscription deactivated; 5. a subscription deleted
  await alice.updateUserSubscriptions([
    { subscriptionKey: out.subscriptionKeys.alice.registrations, webhookKey: out.webhookKeys.registrations, userSubscriptionState: 'INACTIVE' },
  ]);
  await bob.deleteUserSubscriptions([out.subscriptionKeys.bob.registrations]);

  const expected = {
    'Webhook joins': 'update',
    'Webhook registrations': 'update',
    'Webhook webinar-changes': 'replace',
    // Its webhook is gone (and gets a new key): replaced with it.
    'UserSubscription alice-webinar-changes': 'replace',
    'UserSubscription alice-registrations': 'update',
    'UserSubscription bob-registrations': ['replace', 'create'],
  } as const;
  const preview = await run(stack, 'preview');
  expectOps(preview, { expected: { ...expected }, count: resourceCount });

  // The engine shows WHAT drifted: the provider's warnings name each object, property, live and declared value.
  const said = warnings(preview);
  expect(said).toEqual(
    expect.arrayContaining([
      expect.stringContaining(`Webhook ${out.webhookKeys.joins} drifted: webhookState is "INACTIVE" at GoTo, declared "ACTIVE"`),
      expect.stringContaining(`Webhook ${out.webhookKeys.registrations} drifted: callbackUrl is "${fx.receiver.baseUrl}/elsewhere" at GoTo, declared "${fx.receiver.baseUrl}/***/registrations"`),
      expect.stringContaining(`Webhook ${out.webhookKeys['webinar-changes']} no longer exists at GoTo`),
      expect.stringContaining(`UserSubscription ${out.subscriptionKeys.alice.registrations} drifted: userSubscriptionState is "INACTIVE" at GoTo, declared "ACTIVE"`),
    ]),
  );
  // The callback path token is a secret: masked in the warning, and nowhere in the engine's output.
  expect(preview.stdout).not.toContain(out.callbackPathToken);

  expectOps(await run(stack, 'up'), { expected: { ...expected }, count: resourceCount });
  await expectLiveMatchesStackFile();
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: resourceCount });
});

test('refresh of an undrifted stack changes nothing, and the preview after it is clean', async () => {
  const refreshed = await run(stack, 'refresh');
  expectOps(refreshed, { otherwise: ['refresh', 'same'], count: resourceCount });
  expect(refreshed.steps.filter((s) => s.changed && s.changed.length > 0)).toEqual([]);
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: resourceCount });
});

test('refresh after a deletion outside Pulumi drops it from state; preview then plans creates, up recreates', async () => {
  const out = await outputs();
  await fx.api(0).deleteWebhooks([out.webhookKeys.joins]); // and, at GoTo, alice's subscription to it
  const refreshed = await run(stack, 'refresh');
  expectOps(refreshed, {
    expected: { 'Webhook joins': 'read-gone', 'UserSubscription alice-joins': 'read-gone' },
    otherwise: ['refresh', 'same'],
    count: resourceCount,
  });
  expect(fx.sim.state().webhooks).toHaveLength(2);

  const preview = await run(stack, 'preview');
  expectOps(preview, { expected: { 'Webhook joins': 'create', 'UserSubscription alice-joins': 'create' }, count: resourceCount });
  expectOps(await run(stack, 'up'), { expected: { 'Webhook joins': 'create', 'UserSubscription alice-joins': 'create' }, count: resourceCount });
  await expectLiveMatchesStackFile();
  expect((await outputs()).webhookKeys.joins).not.toBe(out.webhookKeys.joins);
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: resourceCount });
});

test('a new callbackTokenRotation plans a new path token, and every webhook re-pointed in place', async () => {
  await stack.stack.setConfig(`${NS}:callbackTokenRotation`, { value: '2' });
  try {
    expectOps(await run(stack, 'preview'), {
      expected: {
        'callback-path-token': 'replace',
        'Webhook registrations': 'update',
        'Webhook joins': 'update',
        'Webhook webinar-changes': 'update',
      },
      count: resourceCount,
    });
  } finally {
    await stack.stack.removeConfig(`${NS}:callbackTokenRotation`);
  }
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: resourceCount });
});

test('destroy deletes every webhook and subscription; only the secret key stays (GoTo cannot delete keys)', async () => {
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: resourceCount });
  const live = fx.sim.state();
  expect(live.webhooks).toEqual([]);
  expect(live.userSubscriptions).toEqual([]);
  expect(live.secretKeys).toHaveLength(1);
  expect((await stack.resources()).filter((r) => !r.type.startsWith('pulumi:'))).toEqual([]);
});

describe('the same program, other stack config', () => {
  test('invalid stack config fails before anything is registered, naming each key', async () => {
    const invalidCopy = rootProjectCopy('root-stack-invalid');
    const invalid = await EngineStack.open({
      workDir: invalidCopy.dir,
      stackName: 'dev',
      config: {
        [`${NS}:callbackBaseUrl`]: 'http://hooks.example.com/goto',
        [`${NS}:webhooks`]: JSON.stringify({ registrations: { event: 'registrant.add' } }),
        [`${NS}:subscriptions`]: JSON.stringify({ alice: ['registration'] }),
      },
      env: simulatorEnv(fx.sim, ['alice']),
    });
    try {
      fx.sim.clearRequests();
      const error = await failureOf(invalid.preview());
      const text = errorText(error);
      expect(text).toContain(`${NS}:callbackBaseUrl: must be https`);
      expect(text).toContain(`${NS}:webhooks.registrations.event: must be one of`);
      expect(text).toContain(`${NS}:subscriptions.alice[0]: must name a webhook declared in ${NS}:webhooks`);
      expect(error.result.steps.filter((s) => !s.type.startsWith('pulumi:'))).toEqual([]);
      expect(fx.sim.requests()).toEqual([]);
    } finally {
      await invalid.remove();
      invalidCopy.remove();
    }
  });

  test('Pulumi.prod.yaml plans with the same program: only configuration differs', async () => {
    const prodSettings = parseStackConfig(readStackFile(ROOT, 'prod').config);
    // prod's organizer profiles, played by the simulator's users.
    const roles: Record<string, string> = { events: 'alice', marketing: 'bob' };
    const prod = await EngineStack.open({
      workDir: copy.dir,
      stackName: 'prod',
      env: simulatorEnv(fx.sim, Object.keys(roles), (o) => roles[o]),
    });
    try {
      const result = await run(prod, 'preview');
      expectOps(result, { otherwise: 'create', count: 2 + prodSettings.webhooks.length + prodSettings.subscriptions.length });
      expect(result.steps.map((s) => s.name)).toEqual(expect.arrayContaining(['webinar-created', 'events-webinar-created', 'marketing-registrations']));
    } finally {
      await prod.remove();
    }
  });
});
