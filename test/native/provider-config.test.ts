/**
 * An explicit native provider's arguments are checked before anything runs: under the real engine (a YAML program,
 * Pulumi's YAML host), a provider with `organizer: "__proto__"` and `apiUrl: "not a url"` fails `pulumi preview`
 * naming both (the provider's CheckConfig, by the rules the stack config follows); nothing reaches GoTo.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { errorText, failureOf, OPERATION_TIMEOUT, startFixture, type Fixture } from '../stack/support';
import { projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const PROJECT = 'native-provider-config';

const program = (args: string) => `resources:
  alice:
    type: pulumi:providers:gotowebinar
    properties:
${args}
  hook:
    type: gotowebinar:Webhook
    properties:
      eventName: registrant.added
      callbackUrl: https://hooks.example.com/goto
    options:
      provider: \${alice}
`;

let fx: Fixture;
let dir: string;
let stack: EngineStack | undefined;

beforeAll(async () => {
  fx = await startFixture('/goto');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-native-config-'));
});

afterAll(() => tearDown(stack, () => fs.rmSync(dir, { recursive: true, force: true }), fx));

test('bad arguments of an explicit provider fail the preview, each named, before any request to GoTo', async () => {
  const args = ['      organizer: __proto__', '      apiUrl: not a url', '      maxBatchSize: 0'].join('\n');
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml', body: program(args) }));
  stack = await EngineStack.open({ workDir: dir, stackName: 'dev', env: simulatorEnv(fx.sim) });
  const failed = await failureOf(stack.preview());
  const text = errorText(failed) + failed.result.stdout;
  expect(text).toMatch(/organizer.*must name a credentials profile.*"__proto__"/);
  expect(text).toMatch(/apiUrl.*must be an absolute URL such as https:\/\/…, got "not a url"/);
  expect(text).toMatch(/maxBatchSize.*must be a whole number from 1 to 1000/);
  expect(fx.sim.requests()).toEqual([]);
});
