/**
 * The native provider (`gotowebinar`, bin/pulumi-resource-gotowebinar) under the real engine, against the simulator,
 * found the way a user points the engine at it: `plugins: providers:` in Pulumi.yaml. The project uses
 * `options: refresh: always`, so every preview and up reads GoTo first and drift shows as a property diff.
 * One stack, in order: up; a clean preview; drift made through the API shown as `~ webhookState: "INACTIVE" =>
 * "ACTIVE"` and failing --expect-no-changes; a healing up; two organizers through explicit provider instances;
 * `pulumi import` of objects made through the API, with a clean preview after; a SecretKey import refused; destroy
 * leaving nothing at GoTo.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineStack } from '../../tools/pulumi/automation';
import type { WorkCopy } from '../../tools/pulumi/work-copy';
import { failureOf, OPERATION_TIMEOUT, run, warnings, type Fixture } from '../stack/support';
import { driftShownThenHealed, openFixtureStack, projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'native');
const PROJECT = 'native-webhooks';

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;

async function setConfig(values: Record<string, unknown>): Promise<void> {
  for (const [k, v] of Object.entries(values)) {
    await stack.stack.setConfig(`${PROJECT}:${k}`, { value: typeof v === 'string' ? v : JSON.stringify(v) });
  }
}

const outputs = async () => (await stack.outputs()) as Record<string, unknown>;

beforeAll(async () => {
  ({ fx, copy, stack } = await openFixtureStack({
    fixture: FIXTURE,
    files: ['index.js'],
    label: 'native-engine',
    project: PROJECT,
    prepare: (dir) => fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'nodejs', refreshAlways: true })),
  }));
});

afterAll(() => tearDown(stack, () => copy?.remove(), fx));

test('up creates the webhook (activated), the signing key (a secret output) and the subscription', async () => {
  const result = await run(stack, 'up');
  expect(result.steps.filter((s) => s.type.startsWith('gotowebinar:')).map((s) => `${s.op} ${s.type}`).sort()).toEqual([
    'create gotowebinar:index:SecretKey',
    'create gotowebinar:index:UserSubscription',
    'create gotowebinar:index:Webhook',
  ]);
  const out = await outputs();
  expect(out.webhookState).toBe('ACTIVE');
  expect(await stack.secretOutputs()).toContain('secretKey');
  // Stored encrypted: the key's value is nowhere in the checkpoint in clear.
  expect(fs.readFileSync(stack.stateFile(), 'utf8')).not.toContain(String(out.secretKey));
  expect(fx.sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: out.webhookKey, state: 'ACTIVE' })]);
});

test('a preview with nothing changed is clean (--expect-no-changes passes)', async () => {
  const result = await stack.preview({ expectNoChanges: true });
  expect(result.steps.filter((s) => s.op !== 'same' && s.op !== 'refresh')).toEqual([]);
});

test('drift made at GoTo shows as a property diff with live and declared values, fails --expect-no-changes; up heals it', async () => {
  await driftShownThenHealed(stack, fx, (result, failed) => {
    expect(result.steps.find((s) => s.type === 'gotowebinar:index:Webhook')).toMatchObject({ op: 'update', changed: ['webhookState'] });
    // Reported once, though the engine diffs the resource during the refresh and again for the update.
    expect(warnings(result).filter((w) => /drifted: webhookState is "INACTIVE" at GoTo, declared "ACTIVE"/.test(w))).toHaveLength(1);
    // The preview with --expect-no-changes fails on that planned update.
    expect(failed.result.steps.find((s) => s.type === 'gotowebinar:index:Webhook')).toMatchObject({ op: 'update' });
  });
});

test('two organizers through explicit provider instances: each subscription is its own user\'s', async () => {
  const [alice, bob] = [fx.sim.users[0]!, fx.sim.users[1]!];
  await setConfig({ organizerTokens: { alice: alice.accessToken, bob: bob.accessToken } });
  await run(stack, 'up');
  const { organizerSubscriptions } = (await outputs()) as { organizerSubscriptions: Record<string, string> };
  const owner = (key: string) => fx.sim.state().userSubscriptions.find((s) => s.userSubscriptionKey === key)?.userKey;
  expect(owner(organizerSubscriptions.alice!)).toBe(alice.userKey);
  expect(owner(organizerSubscriptions.bob!)).toBe(bob.userKey);
  // The tokens went to the providers as secrets: not in the checkpoint in clear.
  const state = fs.readFileSync(stack.stateFile(), 'utf8');
  expect(state).not.toContain(alice.accessToken);
  expect(state).not.toContain(bob.accessToken);
  await stack.preview({ expectNoChanges: true });
});

test('pulumi import brings in a webhook and a subscription made by hand, creating and deleting nothing at GoTo', async () => {
  const api = fx.api();
  const [webhook] = await api.createWebhooks([{ callbackUrl: `${fx.receiver.baseUrl}/handmade`, eventName: 'webinar.created' }]);
  const [subscription] = await api.createUserSubscriptions([{ webhookKey: webhook!.webhookKey }]);
  fx.sim.clearRequests();
  await stack.stack.import({
    resources: [
      { type: 'gotowebinar:index:Webhook', name: 'handmade', id: webhook!.webhookKey },
      { type: 'gotowebinar:index:UserSubscription', name: 'handmade-subscription', id: subscription!.subscriptionKey },
    ],
    protect: false,
    generateCode: false,
  });
  const imported = (await stack.resources()).filter((r) => r.urn.includes('handmade'));
  expect(imported.map((r) => [r.type, r.id]).sort()).toEqual([
    ['gotowebinar:index:UserSubscription', subscription!.subscriptionKey],
    ['gotowebinar:index:Webhook', webhook!.webhookKey],
  ]);
  // The program declares them as `pulumi import` recorded them: the preview after is clean.
  await setConfig({
    adopted: imported.map((r) => ({ type: r.type, name: r.urn.split('::').pop(), inputs: r.inputs })),
  });
  await stack.preview({ expectNoChanges: true });
  const writes = fx.sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET');
  expect(writes).toEqual([]);
});

test('a SecretKey cannot be imported: the import fails saying why', async () => {
  const error = await stack.stack
    .import({ resources: [{ type: 'gotowebinar:index:SecretKey', name: 'old-key', id: '123' }], protect: false, generateCode: false })
    .then(() => undefined, (e: Error) => e);
  expect(String(error?.message)).toMatch(/A SecretKey cannot be imported: GoTo shows a signing key's value only once/);
});

test('destroy removes every webhook and subscription it manages, the imported ones too', async () => {
  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
