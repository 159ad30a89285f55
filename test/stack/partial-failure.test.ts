/**
 * A create that half-succeeds, under the real engine: GoTo accepts the POST, but the new webhook stays invisible
 * longer than the provider waits to activate it. `up` must fail with the webhook RECORDED in the stack (the
 * provider's init error carrying its id), and the next `up` must finish it (an update), with no duplicate at GoTo.
 */
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { errorText, expectOps, failureOf, OPERATION_TIMEOUT, run, startFixture, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'engine', 'one-webhook');

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;

beforeAll(async () => {
  fx = await startFixture('/goto');
  copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], 'partial-failure');
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { 'one-webhook:callbackUrl': `${fx.receiver.baseUrl}/hook` },
    env: { ...simulatorEnv(fx.sim), GOTOWEBINAR_CONSISTENCY_TIMEOUT_SECONDS: '2' },
  });
});

afterAll(async () => {
  await stack?.remove();
  copy?.remove();
  await fx?.stop();
});

test('up fails when the activation cannot happen, with the webhook recorded in state and the reason given', async () => {
  fx.sim.setFaults({ notFoundAfterCreateMs: 120_000 });
  const error = await failureOf(stack.up());
  expect(errorText(error)).toMatch(/Webhook \S+ was created but could not be finished: .*run `pulumi up` again to finish it/s);
  const [live] = fx.sim.state().webhooks;
  expect(fx.sim.state().webhooks).toHaveLength(1);
  expect(live.state).toBe('INACTIVE');
  const recorded = (await stack.resources()).filter((r) => r.type.endsWith('gotowebinar:Webhook'));
  expect(recorded).toEqual([expect.objectContaining({ id: live.webhookKey })]);
});

test('the next up finishes it in place: activated, no second webhook; the preview after is clean', async () => {
  fx.sim.setFaults({ notFoundAfterCreateMs: 0 });
  expectOps(await run(stack, 'preview'), { expected: { hook: 'update' }, count: 1 });
  expectOps(await run(stack, 'up'), { expected: { hook: 'update' }, count: 1 });
  expect(fx.sim.state().webhooks).toEqual([expect.objectContaining({ state: 'ACTIVE' })]);
  expect((await stack.outputs()).webhookState).toBe('ACTIVE');
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: 1 });
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 1 });
  expect(fx.sim.state().webhooks).toEqual([]);
});
