/**
 * Moving a stack from the dynamic resources to the native provider, under the real engine: the program swaps
 * `gotowebinar.Webhook` for the native `gotowebinar:index:Webhook` with an alias naming the old type
 * (`pulumi-nodejs:dynamic/gotowebinar:Webhook`), and points Pulumi.yaml at the plugin. The webhook and the
 * subscription keep their keys; GoTo sees no create and no delete; the next preview is clean; destroy still works.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineStack } from '../../tools/pulumi/automation';
import type { WorkCopy } from '../../tools/pulumi/work-copy';
import { OPERATION_TIMEOUT, run, type Fixture } from '../stack/support';
import { openFixtureStack, projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'migration');
const PROJECT = 'migration';

let fx: Fixture;
let copy: WorkCopy;
let stack: EngineStack;

function writeProgram(file: 'dynamic.js' | 'native.js', dir = copy.dir): void {
  fs.copyFileSync(path.join(FIXTURE, file), path.join(dir, 'index.js'));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'nodejs', plugin: file === 'native.js' }));
}

beforeAll(async () => {
  ({ fx, copy, stack } = await openFixtureStack({
    fixture: FIXTURE,
    files: [],
    label: 'migration',
    project: PROJECT,
    prepare: (dir) => writeProgram('dynamic.js', dir),
  }));
});

afterAll(() => tearDown(stack, () => copy?.remove(), fx));

test('the dynamic stack moves to the native provider with aliases: same keys, nothing created or deleted at GoTo', async () => {
  await run(stack, 'up');
  const before = await stack.outputs();
  expect(fx.sim.state().webhooks).toHaveLength(1);

  writeProgram('native.js');
  fx.sim.clearRequests();
  const moved = await run(stack, 'up');
  const ours = moved.steps.filter((s) => s.type.startsWith('gotowebinar:'));
  expect(ours.map((s) => `${s.type} ${s.op}`).sort()).toEqual([
    'gotowebinar:index:UserSubscription same',
    'gotowebinar:index:Webhook same',
  ]);
  expect(await stack.outputs()).toEqual(before);
  const writes = fx.sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET');
  expect(writes).toEqual([]);
  const types = (await stack.resources()).map((r) => r.type);
  expect(types.filter((t) => t.startsWith('pulumi-nodejs:dynamic/'))).toEqual([]);

  await stack.preview({ expectNoChanges: true });
});

test('destroy through the native provider removes what the dynamic one made', async () => {
  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
