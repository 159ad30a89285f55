/**
 * Resource options the driver honours, through a JavaScript fixture (test/fixtures/driver/own-package): ignoreChanges,
 * replaceOnChanges with deleteBeforeReplace (delete first) and without (create first), protect, retainOnDelete.
 */
import * as path from 'node:path';
import type { RunningSimulator } from '../../simulator/types';
import type { CallbackServer } from '../support/callback-server';
import { DriverError, Stack, type RunResult } from '../driver';
import { driverWorld } from './world';

const PROJECT = path.resolve(__dirname, '../fixtures/driver/own-package');

const world = driverWorld('driver-options-');
let sim: RunningSimulator;
let receiver: CallbackServer;
let dir: string;

beforeAll(async () => {
  ({ sim, receiver, dir } = world);
});

/** A stack of the JS fixture: `url` is a path on the callback server, `flags` the fixture's boolean options. */
async function stack(stateName: string, url: string, flags: string[] = []): Promise<Stack> {
  const config: Record<string, string> = { 'driver-own-package:callbackUrl': `${receiver.url}${url}` };
  for (const f of flags) config[`driver-own-package:${f}`] = 'true';
  const s = await Stack.open({
    projectDir: PROJECT,
    stack: 'dev',
    stateFile: path.join(dir, `${stateName}.json`),
    config,
    env: { GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken, GOTOWEBINAR_API_URL: sim.apiUrl },
  });
  world.track(s);
  return s;
}

const only = (r: RunResult) => r.steps.map(({ name, op, replaces, changed }) => ({ name, op, replaces, changed }));
const urlOf = (key: unknown) => sim.state().webhooks.find((w) => w.webhookKey === key)?.callbackUrl;

test('ignoreChanges keeps the old input; replaceOnChanges + deleteBeforeReplace deletes first, then creates', async () => {
  const first = await stack('replace', '/a');
  await first.up();
  const key = first.outputs().webhookKey;

  const ignoring = await stack('replace', '/b', ['ignoreUrl']);
  expect(only(await ignoring.preview())).toEqual([{ name: 'js-hook', op: 'same', replaces: undefined, changed: undefined }]);

  const inPlace = await stack('replace', '/b');
  expect(only(await inPlace.preview())).toEqual([{ name: 'js-hook', op: 'update', replaces: undefined, changed: ['callbackUrl'] }]);

  const replacing = await stack('replace', '/b', ['replaceOnUrl', 'deleteFirst']);
  expect(only(await replacing.preview())).toEqual([
    { name: 'js-hook', op: 'replace', replaces: ['callbackUrl'], changed: ['callbackUrl'] },
  ]);
  sim.clearRequests();
  await replacing.up();
  const writes = sim.requests().filter((r) => r.method === 'DELETE' || r.method === 'POST').map((r) => r.method);
  expect(writes).toEqual(['DELETE', 'POST']);
  const newKey = replacing.outputs().webhookKey;
  expect(newKey).not.toBe(key);
  expect(urlOf(newKey)).toBe(`${receiver.url}/b`);
  expect(urlOf(key)).toBeUndefined();

  // Without deleteBeforeReplace: the replacement first, the original's delete at the end.
  const createFirst = await stack('replace', '/c', ['replaceOnUrl']);
  sim.clearRequests();
  const up = await createFirst.up();
  expect(only(up)).toEqual([{ name: 'js-hook', op: 'replace', replaces: ['callbackUrl'], changed: ['callbackUrl'] }]);
  expect(sim.requests().filter((r) => r.method === 'DELETE' || r.method === 'POST').map((r) => r.method)).toEqual(['POST', 'DELETE']);
  expect(sim.state().webhooks.map((w) => w.callbackUrl)).toEqual([`${receiver.url}/c`]);
  await createFirst.destroy();
}, 55_000);

test('protect refuses delete until the program drops it; retainOnDelete leaves the object at GoTo', async () => {
  const protectedStack = await stack('protect', '/p', ['protect']);
  await protectedStack.up();
  const key = protectedStack.outputs().webhookKey;
  const err = (await protectedStack.destroy().catch((e: unknown) => e)) as DriverError;
  expect(err).toBeInstanceOf(DriverError);
  expect(err.errors).toEqual([{ urn: expect.stringContaining('::js-hook'), message: expect.stringMatching(/is protected and cannot be deleted/) }]);
  expect(protectedStack.resources()).toHaveLength(1);
  expect(urlOf(key)).toBe(`${receiver.url}/p`);

  const retained = await stack('protect', '/p', ['retain']);
  expect((await retained.up()).summary.same).toBe(1); // options change, the resource does not
  expect(retained.stateSnapshot().resources[0]).toMatchObject({ retainOnDelete: true });
  expect(retained.stateSnapshot().resources[0].protect).toBeUndefined();
  const destroy = await retained.destroy();
  expect(destroy.summary.delete).toBe(1);
  expect(retained.resources()).toEqual([]);
  expect(urlOf(key)).toBe(`${receiver.url}/p`); // retained: still at GoTo
}, 45_000);
