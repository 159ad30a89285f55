/**
 * examples/minimal under the real engine, installed as a user would (the packed package in its own node_modules),
 * against the simulator: create, no-op preview, drift (deactivated, callback changed, deleted) with the engine's
 * warnings saying what drifted, refresh, destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { expectOps, OPERATION_TIMEOUT, run, startFixture, warnings, type Fixture } from '../stack/support';
import { installExample, typecheck, type InstalledExample } from './install-example';

jest.setTimeout(OPERATION_TIMEOUT);

let fx: Fixture;
let example: InstalledExample;
let stack: EngineStack;
let callbackUrl: string;

beforeAll(async () => {
  example = await installExample('minimal');
  fx = await startFixture('/goto');
  callbackUrl = `${fx.receiver.baseUrl}/registrations`;
  stack = await EngineStack.open({ workDir: example.dir, stackName: 'dev', config: { callbackUrl }, env: simulatorEnv(fx.sim) });
}, OPERATION_TIMEOUT);

afterAll(async () => {
  await stack?.remove();
  example?.remove();
  await fx?.stop();
});

async function webhookKey(): Promise<string> {
  return (await stack.outputs()).webhookKey as string;
}

test('the example type-checks against the installed package (its own tsconfig, tsc --noEmit)', async () => {
  expect(await typecheck(example)).toEqual({ code: 0, output: '' });
});

test('the example runs from its own install of the packed package, not from this repository', () => {
  const installed = fs.realpathSync(path.join(example.dir, 'node_modules', 'pulumi-gotowebinar'));
  expect(installed.startsWith(fs.realpathSync(example.dir))).toBe(true);
  expect(fs.existsSync(path.join(installed, 'dist', 'provider', 'index.js'))).toBe(true);
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
  const key = await webhookKey();
  expect(warnings(preview)).toEqual([
    expect.stringMatching(
      new RegExp(`^gotowebinar: Webhook ${key} drifted: callbackUrl is "${fx.receiver.baseUrl}/other" at GoTo, declared "${callbackUrl}"; webhookState is "INACTIVE" at GoTo, declared "ACTIVE"`),
    ),
  ]);
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
