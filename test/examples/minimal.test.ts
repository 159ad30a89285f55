/**
 * examples/minimal through the driver against the simulator: create, no-op preview, drift (deactivated, callback
 * changed, deleted), refresh, destroy.
 */
import * as path from 'node:path';
import { Stack } from '../driver';
import { linkExample } from '../../scripts/link-examples';
import { simulatorEnv } from '../../scripts/sim-env';
import { expectOps, OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';

jest.setTimeout(OPERATION_TIMEOUT);

let fx: Fixture;
let stack: Stack;
let callbackUrl: string;

beforeAll(async () => {
  const dir = linkExample('minimal');
  fx = await startFixture('/goto');
  callbackUrl = `${fx.receiver.baseUrl}/registrations`;
  stack = await Stack.open({
    projectDir: dir,
    stack: 'dev',
    stateFile: fx.stateFile('minimal'),
    config: { callbackUrl },
    env: simulatorEnv(fx.sim),
  });
});

afterAll(async () => {
  await stack?.close();
  await fx?.stop();
});

async function webhookKey(): Promise<string> {
  return (await stack.outputs()).webhookKey as string;
}

test('the example is where the tests expect it', () => {
  expect(path.basename(linkExample('minimal'))).toBe('minimal');
});

test('preview, up: one ACTIVE webhook', async () => {
  expectOps(await run(stack, 'preview'), { otherwise: 'create', count: 1 });
  expectOps(await run(stack, 'up'), { otherwise: 'create', count: 1 });
  const out = await stack.outputs();
  expect(out).toEqual({ webhookKey: expect.stringMatching(/^\d{19}$/), webhookState: 'ACTIVE' });
  expect(fx.sim.state().webhooks).toEqual([
    expect.objectContaining({ webhookKey: out.webhookKey, state: 'ACTIVE', callbackUrl, eventName: 'registrant.added' }),
  ]);
});

test('no-op preview', async () => {
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: 1 });
});

test('deactivated and re-pointed out of band: one update, healed by up', async () => {
  await fx.api().updateWebhooks([{ webhookKey: await webhookKey(), webhookState: 'INACTIVE', callbackUrl: `${fx.receiver.baseUrl}/other` }]);
  const preview = await run(stack, 'preview');
  expectOps(preview, { expected: { registrations: 'update' }, count: 1 });
  expectOps(await run(stack, 'up'), { expected: { registrations: 'update' }, count: 1 });
  expect(fx.sim.state().webhooks[0]).toMatchObject({ state: 'ACTIVE', callbackUrl });
  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: 1 });
});

test('deleted out of band: preview plans a replacement; refresh instead drops it, and up creates it again', async () => {
  const before = await webhookKey();
  await fx.api().deleteWebhooks([before]);
  expectOps(await run(stack, 'preview'), { expected: { registrations: 'replace' }, count: 1 });
  expectOps(await run(stack, 'refresh'), { expected: { registrations: 'read-gone' }, count: 1 });
  expectOps(await run(stack, 'up'), { expected: { registrations: 'create' }, count: 1 });
  expect(await webhookKey()).not.toBe(before);
  expect(fx.sim.state().webhooks).toHaveLength(1);
});

test('destroy leaves the simulator empty', async () => {
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 1 });
  expect(fx.sim.state().webhooks).toEqual([]);
});
