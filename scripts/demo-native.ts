/**
 * The demo's second part: the same resources through the native provider's door, as a YAML program run by Pulumi's
 * YAML language host against the same simulator: up, drift shown as a property diff, a webhook made by hand brought
 * in with `pulumi import`, destroy. See docs/native-provider.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GoToClient } from 'pulumi-gotowebinar/client';
import { nativeTypeToken } from '../provider/declarations';
import type { RunningSimulator } from '../simulator';
import { EngineOperationError, EngineStack, type RunResult } from '../tools/pulumi/automation';
import { EngineOutput, fail, note, ok, type Steps } from './demo-output';
import { simulatorEnv } from './sim-env';

const PROJECT = 'gotowebinar-native';

function program(pluginDir: string): string {
  return `name: ${PROJECT}
runtime: yaml
options:
  refresh: always
plugins:
  providers:
    - name: gotowebinar
      path: ${pluginDir}
config:
  callbackUrl:
    type: string
resources:
  changes:
    type: gotowebinar:Webhook
    properties:
      eventName: webinar.changed
      callbackUrl: \${callbackUrl}
  changes-subscription:
    type: gotowebinar:UserSubscription
    properties:
      webhookKey: \${changes.webhookKey}
outputs:
  webhookKey: \${changes.webhookKey}
`;
}

async function run(stack: EngineStack, output: EngineOutput, what: string, call: () => Promise<RunResult>): Promise<RunResult> {
  console.log(`  $ pulumi ${what}`);
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof EngineOperationError)) throw error;
    fail(`${what} failed: ${error.message}`);
  } finally {
    output.flush();
  }
}

/** Steps of the demo's numbering, on the simulator the first part used (its objects all destroyed by now). */
export async function nativeDoor(sim: RunningSimulator, callbackBase: string, steps: Steps): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-demo-native-'));
  const output = new EngineOutput();
  let stack: EngineStack | undefined;
  try {
    fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), program(path.join(__dirname, '..', 'bin')));
    stack = await EngineStack.open({
      workDir: dir,
      stackName: 'dev',
      config: { [`${PROJECT}:callbackUrl`]: `${callbackBase}/native` },
      env: simulatorEnv(sim),
      onOutput: output.write,
    });
    const s = stack;
    const api = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });

    steps.title('the native provider: a YAML program (Pulumi.yaml points at bin/pulumi-resource-gotowebinar), up');
    await run(s, output, 'up --yes', () => s.up());
    const { webhookKey } = await s.outputs();
    if (sim.state().webhooks.find((w) => w.webhookKey === webhookKey)?.state !== 'ACTIVE') fail('the webhook is not ACTIVE at GoTo');
    ok('a webhook and its subscription, made by the native provider from the YAML program');

    steps.title('drift as a property diff: the webhook deactivated through the API, then `pulumi preview --diff`');
    await api.updateWebhooks([{ webhookKey: String(webhookKey), webhookState: 'INACTIVE' }]);
    const diff = await run(s, output, 'preview --diff', () => s.preview({ diff: true }));
    const line = diff.stdout.split('\n').find((l) => /~ webhookState: "INACTIVE" => "ACTIVE"/.test(l));
    if (!line) fail('the preview did not show ~ webhookState: "INACTIVE" => "ACTIVE"');
    ok(`the preview says: ${line.trim()}`);
    await run(s, output, 'up --yes', () => s.up());
    ok('healed');

    steps.title('pulumi import: a webhook made by hand, brought into the stack by its key');
    const [handmade] = await api.createWebhooks([{ callbackUrl: `${callbackBase}/handmade`, eventName: 'registrant.joined' }]);
    const webhookType = nativeTypeToken('webhook');
    console.log(`  $ pulumi import ${webhookType} handmade ${handmade!.webhookKey}`);
    const imported = await s.stack.import({
      resources: [{ type: webhookType, name: 'handmade', id: handmade!.webhookKey }],
      protect: false,
      generateCode: true,
    });
    for (const l of imported.generatedCode.trim().split('\n')) note(`  ${l}`);
    ok('imported, and the YAML that declares it printed (nothing was created or changed at GoTo)');

    steps.title('destroy (the native stack, the imported webhook included)');
    await run(s, output, 'destroy --yes', () => s.destroy());
    if (sim.state().webhooks.length || sim.state().userSubscriptions.length) fail('the simulator still holds objects');
    ok('the simulator is empty again');
  } finally {
    await stack?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
