/**
 * Under the real engine: when GoTo answers a refresh with a new refresh token, `pulumi up` shows one engine warning
 * naming the config key to update (the provider cannot write config), and never a token.
 */
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { OPERATION_TIMEOUT, run, startFixture, warnings, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

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
