/**
 * The generated Node.js SDK (`pulumi-gotowebinar/native`, built by tools/sdk/generate.ts) under the real engine,
 * against the simulator: a TypeScript program (test/fixtures/native-sdk) type-checked with tsc, then run through up,
 * a clean `preview --expect-no-changes` and destroy. The plugin is found as a user points the engine at it,
 * `plugins: providers: path:` in Pulumi.yaml: the SDK registers every resource with the package's version and no
 * download URL, and the path entry serves that version.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { generateNodeSdk } from '../../tools/sdk/generate';
import { simulatorEnv } from '../../scripts/sim-env';
import { runProcess } from '../support/run-process';
import { OPERATION_TIMEOUT, ROOT, run, startFixture, type Fixture } from '../stack/support';
import { driftShownThenHealed, projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'native-sdk');
const PROJECT = 'native-sdk';
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;

beforeAll(async () => {
  // Up to date after `npm run build` (then this takes no time); regenerated here if the schema changed since.
  await generateNodeSdk();
  fx = await startFixture('/goto');
  copy = workCopy(FIXTURE, ['index.ts', 'tsconfig.json'], 'native-sdk');
  fs.writeFileSync(path.join(copy.dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'typescript', refreshAlways: true }));
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { [`${PROJECT}:callbackUrl`]: `${fx.receiver.baseUrl}/hook` },
    // Another user than the default account's (users[0]), so the explicit provider's subscription shows whose it is.
    secretConfig: { [`${PROJECT}:aliceToken`]: fx.sim.users[1]!.accessToken },
    env: simulatorEnv(fx.sim),
  });
});

afterAll(() => tearDown(stack, () => copy?.remove(), fx));

test('the program type-checks against the shipped SDK (tsc: 0 errors, and its @ts-expect-error lines are used)', async () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const o = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: copy.dir, env: process.env });
  expect({ code: o.code, errors: o.stdout + o.stderr }).toEqual({ code: 0, errors: '' });
});

test('up creates the webhook, the key and both subscriptions through the plugin of the path entry', async () => {
  const result = await run(stack, 'up');
  // The default provider is named by the version the SDK asked for; alice's is the explicit one.
  expect(result.steps.filter((s) => s.op === 'create').map((s) => `${s.type} ${s.name}`).sort()).toEqual([
    'gotowebinar:index:SecretKey signing',
    'gotowebinar:index:UserSubscription alice-subscription',
    'gotowebinar:index:UserSubscription subscription',
    'gotowebinar:index:Webhook hook',
    'pulumi:providers:gotowebinar alice',
    `pulumi:providers:gotowebinar default_${version.replace(/\./g, '_')}`,
    `pulumi:pulumi:Stack ${PROJECT}-dev`,
  ]);
  const out = await stack.outputs();
  expect(out.webhookState).toBe('ACTIVE');
  expect(await stack.secretOutputs()).toContain('secretKey');
  const owner = (key: unknown) => fx.sim.state().userSubscriptions.find((s) => s.userSubscriptionKey === key)?.userKey;
  expect(owner(out.subscriptionKey)).toBe(fx.sim.users[0]!.userKey);
  expect(owner(out.aliceSubscriptionKey)).toBe(fx.sim.users[1]!.userKey);
  expect(fx.sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: out.webhookKey, state: 'ACTIVE' })]);

  // What the SDK asked the engine for: the package's version, no download URL (the default provider and alice).
  const providers = (await stack.resources()).filter((r) => r.type === 'pulumi:providers:gotowebinar');
  expect(providers).toHaveLength(2);
  for (const p of providers) {
    expect(p.inputs).toMatchObject({ version });
    expect(p.inputs).not.toHaveProperty('pluginDownloadURL');
  }
  // alice's token went to her provider as a secret: not in the checkpoint in clear.
  expect(fs.readFileSync(stack.stateFile(), 'utf8')).not.toContain(fx.sim.users[1]!.accessToken);
});

test('a preview with nothing changed is clean (--expect-no-changes passes)', async () => {
  const result = await stack.preview({ expectNoChanges: true });
  expect(result.steps.filter((s) => s.op !== 'same' && s.op !== 'refresh')).toEqual([]);
});

test('drift made through the API shows as a property diff and fails --expect-no-changes; up heals it', async () => {
  await driftShownThenHealed(stack, fx);
});

test('pulumi import brings in a webhook made through the API, writing nothing at GoTo', async () => {
  const [handmade] = await fx.api().createWebhooks([{ callbackUrl: `${fx.receiver.baseUrl}/handmade`, eventName: 'webinar.created' }]);
  fx.sim.clearRequests();
  await stack.stack.import({
    resources: [{ type: 'gotowebinar:index:Webhook', name: 'handmade', id: handmade!.webhookKey }],
    protect: false,
    generateCode: false,
  });
  expect((await stack.resources()).find((r) => r.id === handmade!.webhookKey)).toMatchObject({ type: 'gotowebinar:index:Webhook' });
  expect(fx.sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET')).toEqual([]);
});

test('destroy removes the webhooks (the imported one too) and both subscriptions at GoTo', async () => {
  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
