/**
 * An explicit native provider's arguments, under the real engine (a YAML program, Pulumi's YAML host): bad ones
 * (`organizer: "__proto__"`, `apiUrl: "not a url"`) fail `pulumi preview` naming each (the provider's CheckConfig, by
 * the rules the stack config follows) with nothing sent to GoTo; a personal access token given as an argument (from
 * a secret of the stack config) is the provider's credential: its user owns the subscription.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { errorText, failureOf, OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';
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

test('a personal access token as an argument: the subscription is its user\'s; nothing of it is printed', async () => {
  await stack?.remove();
  const bob = fx.sim.users[1]!;
  const { token } = fx.sim.issuePersonalAccessToken(bob.userKey);
  const args = [
    '      clientId: ${clientId}',
    '      clientSecret: ${clientSecret}',
    '      personalAccessToken: ${bobToken}',
    '      apiUrl: ${apiUrl}',
    '      authUrl: ${authUrl}',
  ].join('\n');
  const body = program(args).replace(
    'resources:',
    ['config:', '  clientId: { type: string }', '  clientSecret: { type: string, secret: true }', '  bobToken: { type: string, secret: true }',
      '  apiUrl: { type: string }', '  authUrl: { type: string }', 'resources:'].join('\n'),
  ) + ['  subscription:', '    type: gotowebinar:UserSubscription', '    properties:', '      webhookKey: ${hook.webhookKey}', '    options:', '      provider: ${alice}', ''].join('\n');
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml', body: body.replace('https://hooks.example.com/goto', `${fx.receiver.baseUrl}/hook`) }));
  const env = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('GOTOWEBINAR_')).map((k) => [k, undefined]));
  stack = await EngineStack.open({
    workDir: dir,
    stackName: 'pat',
    config: { [`${PROJECT}:clientId`]: fx.sim.clients[0]!.clientId, [`${PROJECT}:apiUrl`]: fx.sim.apiUrl, [`${PROJECT}:authUrl`]: fx.sim.authUrl },
    secretConfig: { [`${PROJECT}:clientSecret`]: fx.sim.clients[0]!.clientSecret, [`${PROJECT}:bobToken`]: token },
    env,
  });
  const up = await run(stack, 'up');
  expect(fx.sim.state().userSubscriptions.map((s) => s.userKey)).toEqual([bob.userKey]);
  expect(fx.sim.requests().filter((r) => r.kind === 'oauth').map((r) => (r.body as Record<string, string>).grant_type)).toEqual(['personal_access_token']);
  expect(JSON.stringify(up)).not.toContain(token);
  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
});
