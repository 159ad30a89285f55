/**
 * Previews that cannot or must not reach GoTo, under the real engine: without credentials (a pull request from a
 * fork) the preview fails at once saying how to preview from state; with GoTo unreachable it fails within the diff
 * timeout instead of after minutes of retries; with `gotowebinar:liveDiff false` it previews from state alone, with
 * one warning that drift was not checked.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { errorText, expectOps, failureOf, OPERATION_TIMEOUT, run, startFixture, warnings, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'engine', 'one-webhook');

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;
const opened: EngineStack[] = [];

/** The same stack (same project copy and backend), run with another environment. */
async function withEnv(env: Record<string, string | undefined>): Promise<EngineStack> {
  const s = await EngineStack.open({ workDir: copy.dir, stackName: 'dev', backendDir: stack.backendDir, env });
  opened.push(s);
  return s;
}

const noCredentials = () => Object.fromEntries(Object.keys(simulatorEnv(fx.sim)).map((k) => [k, undefined]));

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  fx = await startFixture('/goto');
  copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], 'preview-without-goto');
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { 'one-webhook:callbackUrl': `${fx.receiver.baseUrl}/hook` },
    env: simulatorEnv(fx.sim),
  });
  await run(stack, 'up');
});

afterAll(async () => {
  await run(stack, 'destroy').catch(() => undefined);
  await stack?.remove();
  copy?.remove();
  await fx?.stop();
});

test('no credentials: the preview fails at once, saying how to preview from state alone', async () => {
  const s = await withEnv(noCredentials());
  const started = Date.now();
  const error = await failureOf(s.preview());
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(errorText(error)).toContain('No usable GoToWebinar credentials');
  expect(errorText(error)).toContain('gotowebinar:liveDiff false');
});

test('GoTo unreachable: the preview fails within the diff timeout, not after minutes of retries', async () => {
  const s = await withEnv({
    ...simulatorEnv(fx.sim),
    GOTOWEBINAR_API_URL: `http://127.0.0.1:${await closedPort()}/G2W/rest/v2`,
    GOTOWEBINAR_DIFF_TIMEOUT_SECONDS: '2',
  });
  const started = Date.now();
  const error = await failureOf(s.preview());
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(errorText(error)).toMatch(/Could not read Webhook \S+ from GoTo within 2 s .*gotowebinar:liveDiff false/s);
});

test('liveDiff false and no credentials: the preview runs from state, with one warning that drift was not checked', async () => {
  await fx.api().updateWebhooks([{ webhookKey: (await stack.outputs()).webhookKey as string, webhookState: 'INACTIVE' }]);
  fx.sim.clearRequests();
  const s = await withEnv({ ...noCredentials(), GOTOWEBINAR_LIVE_DIFF: 'false' });
  const preview = await run(s, 'preview');
  expectOps(preview, { otherwise: 'same', count: 1 });
  expect(warnings(preview)).toEqual([expect.stringContaining('drift at GoTo was NOT checked')]);
  expect(fx.sim.requests()).toEqual([]);
  // With live reads, the same preview sees the drift.
  expectOps(await run(stack, 'preview'), { expected: { hook: 'update' }, count: 1 });
});
