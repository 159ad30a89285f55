/**
 * examples/multiple-organizers under the real engine, installed as a user would (the packed package in its own
 * node_modules), against the simulator: each organizer's subscription is created
 * with their own credentials, here given as stack secrets (`gotowebinar:organizers.<name>.refreshToken`, the
 * OAuth application's clientId/clientSecret) rather than environment variables; drift on one organizer's
 * subscription; an event reaching each organizer; destroy.
 */
import * as fs from 'node:fs';
import { EngineStack } from '../../tools/pulumi/automation';
import { expectOps, OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';
import { installExample, typecheck, type InstalledExample } from './install-example';

jest.setTimeout(OPERATION_TIMEOUT);

let fx: Fixture;
let example: InstalledExample;
let stack: EngineStack;

beforeAll(async () => {
  example = await installExample('multiple-organizers');
  fx = await startFixture();
  const env: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('GOTOWEBINAR_')) env[k] = undefined;
  // Only the URLs come from the environment; every credential is stack config, as a secret.
  env.GOTOWEBINAR_API_URL = fx.sim.apiUrl;
  env.GOTOWEBINAR_AUTH_URL = fx.sim.authUrl;
  stack = await EngineStack.open({
    workDir: example.dir,
    stackName: 'dev',
    config: { callbackUrl: `${fx.receiver.baseUrl}/hooks/registrations`, organizers: JSON.stringify(['alice', 'bob']), 'gotowebinar:clientId': 'dev-client' },
    secretConfig: {
      'gotowebinar:clientSecret': 'dev-client-secret',
      'gotowebinar:refreshToken': 'dev-refresh-alice',
      'gotowebinar:organizers': JSON.stringify({ alice: { refreshToken: 'dev-refresh-alice' }, bob: { refreshToken: 'dev-refresh-bob' } }),
    },
    env,
  });
}, OPERATION_TIMEOUT);

afterAll(async () => {
  await stack?.remove();
  example?.remove();
  await fx?.stop();
});

const userKey = (name: string) => fx.sim.users.find((u) => u.email.startsWith(`${name}@`))!.userKey;

test('the example type-checks against the installed package (its own tsconfig, tsc --noEmit)', async () => {
  expect(await typecheck(example)).toEqual({ code: 0, output: '' });
});

test('up: each organizer subscribed with their own token', async () => {
  expectOps(await run(stack, 'preview'), { otherwise: 'create', count: 4 });
  expectOps(await run(stack, 'up'), { otherwise: 'create', count: 4 });
  const out = (await stack.outputs()) as { subscriptionKeys: Record<string, string>; activationStates: Record<string, string> };
  expect(out.activationStates).toEqual({ alice: 'ACTIVE', bob: 'ACTIVE' });
  const live = fx.sim.state().userSubscriptions;
  expect(live.find((s) => s.userSubscriptionKey === out.subscriptionKeys.alice)?.userKey).toBe(userKey('alice'));
  expect(live.find((s) => s.userSubscriptionKey === out.subscriptionKeys.bob)?.userKey).toBe(userKey('bob'));
  // Credentials went through OAuth (refresh tokens), and none of them reached state.
  expect(fx.sim.requests().filter((r) => r.kind === 'oauth').length).toBeGreaterThan(0);
  const state = fs.readFileSync(stack.stateFile(), 'utf8');
  for (const secret of ['dev-refresh-alice', 'dev-refresh-bob', 'dev-client-secret']) expect(state).not.toContain(secret);
});

test('no-op preview', async () => {
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: 4 });
});

test("bob deactivates his subscription: only his shows as an update; up reactivates it with bob's credentials", async () => {
  const out = (await stack.outputs()) as { webhookKey: string; subscriptionKeys: Record<string, string> };
  await fx.api(1).updateUserSubscriptions([
    { subscriptionKey: out.subscriptionKeys.bob, webhookKey: out.webhookKey, userSubscriptionState: 'INACTIVE' },
  ]);
  expectOps(await run(stack, 'preview'), { expected: { 'bob-registrations': 'update' }, count: 4 });
  expectOps(await run(stack, 'up'), { expected: { 'bob-registrations': 'update' }, count: 4 });
  expect(fx.sim.state().userSubscriptions.map((s) => s.userSubscriptionState)).toEqual(['ACTIVE', 'ACTIVE']);
});

test('an event reaches each organizer, signed with the stack key', async () => {
  const out = (await stack.outputs()) as { secretKey: string };
  // The receiving application, deployed with the stack's secret (its paths are under /goto/hooks/).
  fx.receiver.configure({ token: 'hooks', secrets: [out.secretKey] });
  const deliveries = await fx.sim.fireEvent({ eventName: 'registrant.added' });
  expect(deliveries).toHaveLength(2);
  expect(deliveries.map((d) => ({ signed: d.signed, status: d.status, error: d.error }))).toEqual([
    { signed: true, status: 200, error: undefined },
    { signed: true, status: 200, error: undefined },
  ]);
  const organizerKeys = deliveries.map((d) => /"webinarCreatorKey":(\d+)/.exec(d.body)?.[1]).sort();
  expect(organizerKeys).toEqual([userKey('alice'), userKey('bob')].sort());
  expect(fx.receiver.received.map((r) => r.secretIndex)).toEqual([0, 0]);
  expect(fx.sim.state().secretKeys.map((k) => k.value)).toEqual([out.secretKey]);
});

test('destroy leaves no webhook or subscription', async () => {
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 4 });
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
