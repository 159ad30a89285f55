/**
 * The lifecycle driver when things go wrong: a partial failure (init error) is recorded and finished by the next up;
 * a failed create records nothing; independent resources still finish and every error is reported; check failures
 * and program errors fail clearly. (Unsupported resources and config problems: projects-config.test.ts.)
 */
import * as path from 'node:path';
import type { RunningSimulator } from '../../simulator/types';
import type { CallbackServer } from '../support/callback-server';
import { formatPlan, Stack, type StackOptions } from '../driver';
import { driverWorld, failure, ops } from './world';

const WEBHOOKS = path.resolve(__dirname, '../fixtures/driver/webhooks');

const world = driverWorld('driver-failures-');
let sim: RunningSimulator;
let receiver: CallbackServer;
let dir: string;

beforeAll(async () => {
  ({ sim, receiver, dir } = world);
});

afterEach(() => {
  sim.setFaults({ notFoundAfterCreateMs: 0 });
  receiver.setValidationStatus(200);
});

/** The webhooks fixture with credentials in secret config (and none inherited from the environment). */
async function stack(name: string, extra: Pick<StackOptions, 'config'> = {}): Promise<Stack> {
  const s = await Stack.open({
    projectDir: WEBHOOKS,
    stack: 'dev',
    stateFile: path.join(dir, `${name}.json`),
    config: { 'driver-webhooks:callbackBase': receiver.url, ...extra.config },
    secretConfig: { 'gotowebinar:accessToken': sim.users[0].accessToken },
    env: { GOTOWEBINAR_API_URL: sim.apiUrl, GOTOWEBINAR_ACCESS_TOKEN: undefined },
  });
  world.track(s);
  return s;
}


test('init error: the half-created webhooks are recorded with their ids, the independent key is created, the next up finishes', async () => {
  const s = await stack('init-error', { config: { 'gotowebinar:consistencyTimeoutSeconds': '1' } });
  sim.setFaults({ notFoundAfterCreateMs: 60_000 }); // created webhooks stay invisible: activation gives up
  const err = await failure(s.up());
  expect(err.errors.map((e) => e.urn.split('::').pop()).sort()).toEqual(['changes', 'registrations']);
  expect(err.errors[0].message).toMatch(/was created but could not be finished/);
  expect(err.message).toMatch(/up failed with 2 error\(s\)/);
  expect(ops(err.result)).toEqual({ registrations: 'create', changes: 'create', signing: 'create' });
  expect(err.result.steps.find((st) => st.name === 'signing')!.error).toBeUndefined();
  // The subscriptions never registered: their webhook's registration failed, so the program could not get a key.
  const recorded = s.stateSnapshot().resources;
  expect(recorded.map((r) => r.name).sort()).toEqual(['changes', 'registrations', 'signing']);
  const hook = recorded.find((r) => r.name === 'registrations')!;
  expect(hook.id).toMatch(/^\d+$/);
  expect(hook.initErrors?.[0]).toMatch(/updateWebhooks|not found|404/i);
  expect(hook.outputs).toMatchObject({ webhookKey: hook.id, webhookState: 'INACTIVE' });
  expect(formatPlan(err.result)).toMatch(/error: .*was created but could not be finished/);

  sim.setFaults({ notFoundAfterCreateMs: 0 });
  const preview = await s.preview();
  expect(ops(preview)).toMatchObject({ registrations: 'update', changes: 'update', signing: 'same', 'registrations-sub': 'create' });
  const up = await s.up();
  expect(ops(up)).toEqual({
    registrations: 'update',
    changes: 'update',
    signing: 'same',
    'registrations-sub': 'create',
    'changes-sub': 'create',
  });
  // No duplicate webhook: the recorded ones were finished in place.
  expect(sim.state().webhooks.filter((w) => [hook.id, recorded.find((r) => r.name === 'changes')!.id].includes(w.webhookKey)))
    .toEqual([expect.objectContaining({ state: 'ACTIVE' }), expect.objectContaining({ state: 'ACTIVE' })]);
  expect(s.stateSnapshot().resources.every((r) => !r.initErrors)).toBe(true);
  await s.destroy();
}, 45_000);

test('a failed create records nothing; the others finish; the next up creates it', async () => {
  const s = await stack('failed-create', { config: { 'driver-webhooks:withChanges': 'false' } });
  receiver.setValidationStatus(500); // GoTo refuses a callback URL that does not answer its GET with 200
  const err = await failure(s.up());
  expect(err.errors).toEqual([
    { urn: expect.stringContaining('Webhook::registrations'), message: expect.stringMatching(/callback|400|validat/i) },
  ]);
  expect(s.resources().map((r) => r.name)).toEqual(['signing']);
  expect(s.outputs()).toEqual({}); // a failed up keeps the previous outputs (none)
  receiver.setValidationStatus(200);
  const up = await s.up();
  expect(ops(up)).toEqual({ registrations: 'create', 'registrations-sub': 'create', signing: 'same' });
  await s.destroy();
}, 45_000);

test('check failures fail the preview before anything is called, naming property and reason', async () => {
  const s = await stack('check', { config: { 'driver-webhooks:eventPrefix': 'bogus' } });
  sim.clearRequests();
  const err = await failure(s.preview());
  expect(err.errors).toEqual([{ urn: expect.stringContaining('Webhook::registrations'), message: expect.stringMatching(/^check failed: eventName: /) }]);
  expect(err.result.operation).toBe('preview');
  expect(sim.requests()).toEqual([]);
}, 30_000);

test('a program error (missing required config) fails with the SDK message and deletes nothing', async () => {
  const good = await stack('program-error', { config: { 'driver-webhooks:withChanges': 'false' } });
  await good.up();
  const broken = await Stack.open({
    projectDir: WEBHOOKS,
    stack: 'dev',
    stateFile: good.stateFile,
    secretConfig: { 'gotowebinar:accessToken': sim.users[0].accessToken },
    env: { GOTOWEBINAR_API_URL: sim.apiUrl },
  });
  world.track(broken);
  const err = await failure(broken.up());
  expect(err.errors).toHaveLength(1);
  expect(err.errors[0].urn).toBe('urn:pulumi:dev::driver-webhooks::pulumi:pulumi:Stack::driver-webhooks-dev');
  expect(err.errors[0].message).toMatch(/Missing required configuration variable 'driver-webhooks:callbackBase'/);
  expect(err.result.summary.delete).toBe(0);
  expect(broken.resources()).toHaveLength(3);
  expect(sim.state().webhooks).toHaveLength(1);
  await good.destroy();
}, 45_000);
