/**
 * The lifecycle driver with other project shapes and config: a JavaScript project with its own package.json (entry
 * from package.json, pulumi-gotowebinar resolved through the driver's NODE_PATH link), a resource type the driver does
 * not run, an encrypted stack config value, config reaching the program as secrets, Pulumi.yaml errors.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningSimulator } from '../../simulator/types';
import type { CallbackServer } from '../support/callback-server';
import { DriverConfigError, formatPlan, Stack } from '../driver';
import { driverWorld, failure, ops } from './world';

const FIXTURES = path.resolve(__dirname, '../fixtures/driver');

const world = driverWorld('driver-projects-');
let sim: RunningSimulator;
let receiver: CallbackServer;
let dir: string;

beforeAll(async () => {
  ({ sim, receiver, dir } = world);
});


test('a JavaScript project with its own package.json resolves pulumi-gotowebinar to this repo; foreign types fail clearly', async () => {
  const project = path.join(FIXTURES, 'own-package');
  const s = await Stack.open({
    projectDir: project,
    stack: 'dev',
    stateFile: path.join(dir, 'own-package.json'),
    config: { 'driver-own-package:callbackUrl': `${receiver.url}/js` },
    env: { GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken, GOTOWEBINAR_API_URL: sim.apiUrl },
  });
  world.track(s);
  expect(s.project.program).toBe(path.join(project, 'main.js'));
  expect(s.project.typescript).toBe(false);
  const preview = await s.preview();
  expect(ops(preview)).toEqual({ 'js-hook': 'create' });
  expect(preview.outputs.resolvedFrom).toBe(path.resolve(__dirname, '../../dist/provider/index.js'));

  const foreign = await Stack.open({
    projectDir: project,
    stack: 'dev',
    stateFile: path.join(dir, 'foreign.json'),
    config: { 'driver-own-package:callbackUrl': `${receiver.url}/js`, 'driver-own-package:foreign': 'true' },
    env: { GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken, GOTOWEBINAR_API_URL: sim.apiUrl },
  });
  world.track(foreign);
  const err = await failure(foreign.preview());
  expect(err.errors).toEqual([
    { urn: 'urn:pulumi:dev::driver-own-package::aws:s3/bucket:Bucket::bucket', message: expect.stringMatching(/only runs dynamic resources/) },
  ]);
}, 45_000);

test('config: an encrypted stack value fails at open naming the key; given in code it is fine and reaches the program as a secret', async () => {
  const project = path.join(FIXTURES, 'secure-config');
  const stateFile = path.join(dir, 'secure.json');
  const err = await Stack.open({ projectDir: project, stack: 'dev', stateFile }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DriverConfigError);
  expect((err as Error).message).toMatch(/config gotowebinar:organizers\.bob\.refreshToken in .*Pulumi\.dev\.yaml is an encrypted \(secure:\) value/);
  expect((err as Error).message).toContain("secretConfig: { 'gotowebinar:organizers': '...' }");

  const organizers = JSON.stringify({ bob: { refreshToken: 'bob-refresh-secret' } });
  const s = await Stack.open({ projectDir: project, stack: 'dev', stateFile, secretConfig: { 'gotowebinar:organizers': organizers } });
  world.track(s);
  const up = await s.up();
  expect(up.outputs).toEqual({
    greeting: 'hello',
    organizers: '[secret]',
    project: 'driver-secure-config',
    stack: 'dev',
    organization: 'organization',
    dryRun: false,
  });
  expect((await s.preview()).outputs.dryRun).toBe(true);
  expect(s.outputs().organizers).toEqual({ bob: { refreshToken: 'bob-refresh-secret' } });
  expect(s.secretOutputs()).toEqual(['organizers']);
  expect(readFileSync(stateFile, 'utf8')).not.toContain('bob-refresh-secret');
  expect(formatPlan(up)).not.toContain('bob-refresh-secret');

  await expect(Stack.open({ projectDir: path.join(dir, 'nowhere'), stack: 'dev', stateFile })).rejects.toThrow(/no Pulumi\.yaml in/);
  await expect(Stack.open({ projectDir: project, stack: 'dev', stateFile: path.join(dir, 'x.json'), config: { k: 1 as unknown as string } }))
    .rejects.toThrow(/config k: values are strings/);
}, 45_000);
