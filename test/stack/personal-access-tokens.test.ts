/**
 * Under the real engine, against the simulator over HTTP: a stack whose only credentials are personal access tokens
 * (the default account's and two organizers': one in a profile of the stack config, one in its variable) goes up,
 * previews clean and is destroyed; with one token revoked, `preview` fails naming that setting before any write at
 * GoTo, and `npx pulumi-gotowebinar doctor` exits 1 naming that profile. Nothing prints a token.
 */
import * as path from 'node:path';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { DEV_CLIENT, DEV_USERS } from '../../simulator/dev-credentials';
import { startLocalReceiver, type LocalReceiver } from '../../scripts/local-receiver';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { runProcess } from '../support/run-process';
import { errorText, failureOf, OPERATION_TIMEOUT, ROOT, run } from './support';

jest.setTimeout(OPERATION_TIMEOUT * 2);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'engine', 'organizers');
const CAROL = {
  userKey: '8250000000000000303',
  accountKey: '8250000000000000900',
  email: 'carol@example.com',
  clientId: DEV_CLIENT.clientId,
  accessToken: 'dev-token-carol',
  refreshToken: 'dev-refresh-carol',
};
const [ALICE, BOB] = DEV_USERS as [(typeof DEV_USERS)[0], (typeof DEV_USERS)[0]];

let sim: RunningSimulator;
let receiver: LocalReceiver;
let copy: WorkCopy;
let stack: EngineStack | undefined;
const pats: Record<'alice' | 'bob' | 'carol', string> = { alice: '', bob: '', carol: '' };

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true, clients: [DEV_CLIENT], users: [...DEV_USERS, CAROL] });
  receiver = await startLocalReceiver({ basePath: '/goto' });
  pats.alice = sim.issuePersonalAccessToken(ALICE.userKey).token;
  pats.bob = sim.issuePersonalAccessToken(BOB.userKey).token;
  pats.carol = sim.issuePersonalAccessToken(CAROL.userKey).token;
  copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], 'personal-access-tokens');
});

afterAll(async () => {
  if (stack) await run(stack, 'destroy').catch(() => undefined);
  await stack?.remove();
  copy?.remove();
  await receiver?.stop();
  await sim?.stop();
});

/** No GOTOWEBINAR_* of this process; carol's token in her variable, as a pipeline's secret store would set it. */
function credentialEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('GOTOWEBINAR_')) env[k] = undefined;
  env.GOTOWEBINAR_ORGANIZER_CAROL_PERSONAL_ACCESS_TOKEN = pats.carol;
  return env;
}

async function doctor(s: EngineStack) {
  const outcome = await runProcess(process.execPath, [path.join(ROOT, 'bin', 'pulumi-gotowebinar'), 'doctor', '--stack', 'dev'], {
    cwd: copy.dir,
    env: s.commandEnv(),
  });
  for (const token of Object.values(pats)) expect(outcome.stdout + outcome.stderr).not.toContain(token);
  return outcome;
}

const writes = () => sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET');

test('personal access tokens only: up, clean preview, doctor; one revoked fails preview and doctor naming it; destroy', async () => {
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: {
      'organizers:callbackUrl': `${receiver.baseUrl}/hook`,
      'organizers:organizers': JSON.stringify(['bob', 'carol']),
      'gotowebinar:apiUrl': sim.apiUrl,
      'gotowebinar:authUrl': sim.authUrl,
      'gotowebinar:clientId': DEV_CLIENT.clientId,
    },
    secretConfig: { 'gotowebinar:clientSecret': DEV_CLIENT.clientSecret, 'gotowebinar:personalAccessToken': pats.alice },
    env: credentialEnv(),
  });
  // Bob's profile at its path, as the README says: pulumi config set --secret --path 'gotowebinar:organizers.bob.personalAccessToken'.
  await stack.stack.setConfig('gotowebinar:organizers.bob.personalAccessToken', { value: pats.bob, secret: true }, true);

  const up = await run(stack, 'up');
  const subscribers = sim.state().userSubscriptions.map((s) => s.userKey).sort();
  expect(subscribers).toEqual([ALICE.userKey, BOB.userKey, CAROL.userKey].sort());
  const grants = sim.requests().filter((r) => r.kind === 'oauth').map((r) => (r.body as Record<string, string>).grant_type);
  expect(new Set(grants)).toEqual(new Set(['personal_access_token']));
  expect(grants).toHaveLength(3); // one exchange per profile: the access tokens are cached
  await stack.preview({ expectNoChanges: true });
  for (const token of Object.values(pats)) expect(JSON.stringify(up) + JSON.stringify(sim.requests())).not.toContain(token);

  const healthy = await doctor(stack);
  expect(healthy.code).toBe(0);
  expect(healthy.stdout).toMatch(/✓ default account: personal access token from gotowebinar:personalAccessToken: GoTo accepts it; alice@example\.com/);
  expect(healthy.stdout).toMatch(/✓ organizer bob: personal access token from gotowebinar:organizers\.bob\.personalAccessToken: GoTo accepts it; bob@example\.com/);
  expect(healthy.stdout).toMatch(/✓ organizer CAROL: personal access token from GOTOWEBINAR_ORGANIZER_CAROL_PERSONAL_ACCESS_TOKEN: GoTo accepts it; carol@example\.com/);

  // Bob's token revoked at GoTo: the preview reads the live objects, so it fails on his, naming his setting.
  sim.revokePersonalAccessToken(pats.bob);
  sim.clearRequests();
  const failed = await failureOf(stack.preview());
  const text = errorText(failed) + failed.result.stdout;
  expect(text).toMatch(/personal access token in gotowebinar:organizers\.bob\.personalAccessToken was refused/);
  expect(writes()).toEqual([]);
  for (const token of Object.values(pats)) expect(text).not.toContain(token);

  const broken = await doctor(stack);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toMatch(/✗ organizer bob: personal access token from gotowebinar:organizers\.bob\.personalAccessToken: .*was refused/);
  expect(broken.stdout).toMatch(/✓ default account/);
  expect(broken.stdout).toMatch(/1 of 3 profile\(s\) failed/);
  expect(writes()).toEqual([]);

  // A new token for bob. `destroy` runs no program: the engine configures the provider with the config recorded
  // by the last `up` (still the revoked token), so an `up` records the new one first (docs/credentials.md says so).
  pats.bob = sim.issuePersonalAccessToken(BOB.userKey).token;
  await stack.stack.setConfig('gotowebinar:organizers.bob.personalAccessToken', { value: pats.bob, secret: true }, true);
  await run(stack, 'up');
  expect(writes()).toEqual([]);
  await run(stack, 'destroy');
  expect(sim.state().userSubscriptions).toEqual([]);
  expect(sim.state().webhooks).toEqual([]);
});
