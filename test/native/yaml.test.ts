/**
 * A YAML program on the native provider, under the real engine with Pulumi's YAML language host (built with the
 * engine, tools/pulumi-yaml), against the simulator. YAML needs no SDK: the host types the program with the
 * provider's schema (GetSchema). In order: up; a clean preview; drift made through the API shown as a property diff
 * and failing --expect-no-changes (the project uses `options: refresh: always`); a healing up; `pulumi import` of a
 * webhook made by hand, which prints the YAML for it (the host's GenerateProgram); destroy leaving nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';
import { driftShownThenHealed, projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const PROJECT = 'native-yaml';

let fx: Fixture;
let dir: string;
let stack: EngineStack;

const PROGRAM = `config:
  callbackUrl:
    type: string
resources:
  hook:
    type: gotowebinar:Webhook
    properties:
      eventName: registrant.added
      callbackUrl: \${callbackUrl}
  signing:
    type: gotowebinar:SecretKey
    properties:
      rotation: one
  subscription:
    type: gotowebinar:UserSubscription
    properties:
      webhookKey: \${hook.webhookKey}
outputs:
  webhookKey: \${hook.webhookKey}
  webhookState: \${hook.webhookState}
  secretKey: \${signing.secretKey}
`;

beforeAll(async () => {
  fx = await startFixture('/goto');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-native-yaml-'));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml', refreshAlways: true, body: PROGRAM }));
  stack = await EngineStack.open({
    workDir: dir,
    stackName: 'dev',
    config: { [`${PROJECT}:callbackUrl`]: `${fx.receiver.baseUrl}/hook` },
    env: simulatorEnv(fx.sim),
  });
});

afterAll(() => tearDown(stack, () => fs.rmSync(dir, { recursive: true, force: true }), fx));

test('up creates the three resources from the YAML program, the key a secret output', async () => {
  const result = await run(stack, 'up');
  expect(result.steps.filter((s) => s.type.startsWith('gotowebinar:')).map((s) => `${s.op} ${s.type}`).sort()).toEqual([
    'create gotowebinar:index:SecretKey',
    'create gotowebinar:index:UserSubscription',
    'create gotowebinar:index:Webhook',
  ]);
  expect((await stack.outputs()).webhookState).toBe('ACTIVE');
  expect(await stack.secretOutputs()).toContain('secretKey');
  await stack.preview({ expectNoChanges: true });
});

test('drift shows as a property diff and fails --expect-no-changes; up heals it', async () => {
  await driftShownThenHealed(stack, fx);
});

test('pulumi import of a webhook made by hand prints the YAML that declares it', async () => {
  const [handmade] = await fx.api().createWebhooks([{ callbackUrl: `${fx.receiver.baseUrl}/handmade`, eventName: 'webinar.changed' }]);
  fx.sim.clearRequests();
  const result = await stack.stack.import({
    resources: [{ type: 'gotowebinar:index:Webhook', name: 'handmade', id: handmade!.webhookKey }],
    protect: false,
    generateCode: true,
  });
  expect(result.generatedCode).toMatch(/type: gotowebinar:Webhook/);
  expect(result.generatedCode).toMatch(/eventName: webinar\.changed/);
  expect(fx.sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET')).toEqual([]);
  expect((await stack.resources()).some((r) => r.id === handmade!.webhookKey)).toBe(true);
});

test('destroy leaves nothing at GoTo', async () => {
  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
