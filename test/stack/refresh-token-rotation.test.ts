/**
 * Under the real engine: when GoTo answers a refresh with a new refresh token, `pulumi up` shows one engine warning
 * naming the config key to update and the `login` command that does it (the provider cannot write config), and never
 * a token. When GoTo revoked the old one at once, the next run fails naming the same command; running that command
 * (the consent page clicked in headless Chromium) stores a new token, and the next `up` works.
 */
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { consent, launchChromium, startLogin } from '../cli/login-driver';
import { runProcess } from '../support/run-process';
import { errorText, failureOf, OPERATION_TIMEOUT, ROOT, run, startFixture, warnings, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT * 2);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'engine', 'one-webhook');

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack | undefined;

beforeAll(async () => {
  fx = await startFixture('/goto');
  copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], 'refresh-token-rotation');
});

afterAll(async () => {
  if (stack) await run(stack, 'destroy').catch(() => undefined);
  await stack?.remove();
  copy?.remove();
  await fx?.stop();
});

test('a rotated refresh token: one warning naming gotowebinar:refreshToken, no token anywhere', async () => {
  fx.sim.setRefreshTokenRotation('keep-old');
  const refreshToken = fx.sim.users[0].refreshToken;
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { 'one-webhook:callbackUrl': `${fx.receiver.baseUrl}/hook` },
    secretConfig: { 'gotowebinar:refreshToken': refreshToken },
    // OAuth only: no access token, so the provider must refresh.
    env: { ...simulatorEnv(fx.sim), GOTOWEBINAR_ACCESS_TOKEN: undefined },
  });
  const result = await run(stack, 'up');
  const rotation = warnings(result).filter((w) => w.includes('new OAuth refresh token'));
  expect(rotation).toHaveLength(1);
  expect(rotation[0]).toContain('configured in gotowebinar:refreshToken');
  expect(fx.sim.requests().filter((r) => r.kind === 'oauth').length).toBeGreaterThanOrEqual(1);
  const shown = JSON.stringify(result.diagnostics) + result.stdout;
  expect(shown).not.toContain(refreshToken);
  expect(shown).not.toMatch(/sim-(rt|at)-/);
});

test('revoked at once: the warning names the login command; the next preview fails naming it; after it, up works', async () => {
  if (stack) await run(stack, 'destroy');
  await stack?.remove();
  fx.sim.setRefreshTokenRotation('revoke-old');
  const refreshToken = fx.sim.users[0].refreshToken;
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'rotated',
    config: { 'one-webhook:callbackUrl': `${fx.receiver.baseUrl}/hook` },
    secretConfig: { 'gotowebinar:refreshToken': refreshToken },
    env: { ...simulatorEnv(fx.sim), GOTOWEBINAR_ACCESS_TOKEN: undefined },
  });
  const result = await run(stack, 'up');
  const [rotation, ...more] = warnings(result).filter((w) => w.includes('new OAuth refresh token'));
  expect(more).toEqual([]);
  const command = /`npx pulumi-gotowebinar (login[^`]*)`/.exec(rotation ?? '')?.[1];
  expect(command).toBe('login');
  expect(rotation).toContain('which stores it in gotowebinar:refreshToken');

  // The plugin that held the new token has ended; the configured one was revoked: the next run fails, saying what to do.
  const failed = await failureOf(stack.preview({ refresh: true }));
  expect(errorText(failed) + failed.result.stdout).toMatch(/refresh token in gotowebinar:refreshToken was refused .*npx pulumi-gotowebinar login/s);

  // doctor says which profile it is, and the same command.
  const doctor = await runProcess(process.execPath, [path.join(ROOT, 'bin', 'pulumi-gotowebinar'), 'doctor'], { cwd: copy.dir, env: stack.commandEnv() });
  expect(doctor.code).toBe(1);
  expect(doctor.stdout).toMatch(/✗ default account: refresh token from gotowebinar:refreshToken: .*`npx pulumi-gotowebinar login`/);

  // The command the warning named, as written, in the project directory (the stack is the selected one).
  fx.sim.setRefreshTokenRotation('off');
  const browser = await launchChromium();
  try {
    const login = startLogin(command!.split(' ').slice(1), { cwd: copy.dir, env: stack.commandEnv() });
    const page = await consent(browser, await login.url, { email: fx.sim.users[0].email, decision: 'allow' });
    expect(page.status).toBe(200);
    const done = await login.done;
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/Stored the refresh token as a secret in stack rotated's config: gotowebinar:refreshToken/);
  } finally {
    await browser.close();
  }
  // The preview runs the program, so its provider reads the new token; `up` records it in the state, where
  // `refresh` and `destroy` (which run no program unless --run-program) take the provider's configuration from.
  await stack.preview({ expectNoChanges: true });
  await run(stack, 'up');
  await stack.preview({ refresh: true, expectNoChanges: true });
});
