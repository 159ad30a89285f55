/**
 * The lifecycle driver over a whole program (test/fixtures/driver/webhooks) against the simulator, in the order a
 * user would go: preview → up → clean preview → drift made out of band → preview shows it → up heals → refresh →
 * clean preview → a resource removed from the program is deleted (dependents first) → destroy.
 *
 * One driver stack per phase of the program (its config decides which resources exist); all share one state file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GoToClient } from '../../provider/api';
import type { RunningSimulator } from '../../simulator/types';
import type { CallbackServer } from '../support/callback-server';
import { formatPlan, Stack, type DriverEvent, type RunResult, type Step, type StackOptions } from '../driver';
import { driverWorld, ops } from './world';

const PROJECT = path.resolve(__dirname, '../fixtures/driver/webhooks');
const T = 'pulumi-nodejs:dynamic/gotowebinar:';

const world = driverWorld('driver-lifecycle-');
let sim: RunningSimulator;
let receiver: CallbackServer;
let admin: GoToClient;
let dir: string;
let stateFile: string;
const events: DriverEvent[] = [];

beforeAll(async () => {
  ({ sim, receiver, dir } = world);
  admin = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });
  stateFile = path.join(dir, 'state.json');
});

async function stack(config: Record<string, string> = {}): Promise<Stack> {
  const options: StackOptions = {
    projectDir: PROJECT,
    stack: 'dev',
    stateFile,
    config: { 'driver-webhooks:callbackBase': receiver.url, ...config },
    secretConfig: { 'driver-webhooks:rotation': 'rotation-secret-value' },
    env: { GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken, GOTOWEBINAR_API_URL: sim.apiUrl },
    onEvent: (e) => events.push(e),
  };
  const s = await Stack.open(options);
  world.track(s);
  return s;
}

const byName = (r: RunResult) => Object.fromEntries(r.steps.map((s) => [s.name, s]));
const ALL = ['registrations', 'registrations-sub', 'signing', 'changes', 'changes-sub'];

let main: Stack;
let firstUp: RunResult;

test('preview of a new stack: every resource is a create, outputs unknown, nothing called at GoTo', async () => {
  main = await stack();
  sim.clearRequests();
  const preview = await main.preview();
  expect(ops(preview)).toEqual(Object.fromEntries(ALL.map((n) => [n, 'create'])));
  expect(preview.summary).toMatchObject({ create: 5, update: 0, replace: 0, delete: 0, same: 0 });
  expect(preview.outputs).toMatchObject({ registrationsKey: '[unknown]', signingKey: '[unknown]' });
  // Check and Diff never write, and preview never creates: GoTo saw no write, the state stayed empty.
  expect(sim.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  expect(main.resources()).toEqual([]);
  expect(formatPlan(preview)).toMatch(/\+ +create +pulumi-nodejs:dynamic\/gotowebinar:Webhook registrations/);
}, 30_000);

test('up creates everything; values flow from webhook to subscription; state and outputs are recorded', async () => {
  firstUp = await main.up();
  expect(ops(firstUp)).toEqual(Object.fromEntries(ALL.map((n) => [n, 'create'])));
  const s = sim.state();
  expect(s.webhooks.map((w) => w.state)).toEqual(['ACTIVE', 'ACTIVE']);
  const out = main.outputs();
  const reg = s.webhooks.find((w) => w.webhookKey === out.registrationsKey)!;
  expect(reg.callbackUrl).toBe(`${receiver.url}/registrations`);
  expect(s.userSubscriptions.find((u) => u.userSubscriptionKey === out.subscriptionKey)!.webhookKey).toBe(reg.webhookKey);
  expect(out.signingKey).toBe(s.secretKeys[0].value);
  expect(firstUp.outputs.signingKey).toBe('[secret]');
  expect(firstUp.secretOutputs).toEqual(['signingKey']);

  const resources = main.resources();
  expect(resources).toHaveLength(5);
  const sub = resources.find((r) => r.name === 'registrations-sub')!;
  expect(sub.dependencies).toEqual([`urn:pulumi:dev::driver-webhooks::${T}Webhook::registrations`]);
  expect(resources.find((r) => r.name === 'signing')!.secretOutputs).toEqual(['rotation', 'secretKey']);
  // Dependencies first: a webhook before its subscription
  expect(events.filter((e) => e.kind === 'step-start' && e.op === 'create').map((e) => e.urn!.split('::').pop())).toEqual(
    expect.arrayContaining(ALL),
  );

  const text = readFileSync(stateFile, 'utf8');
  expect(text).not.toContain(s.secretKeys[0].value);
  expect(text).not.toContain('rotation-secret-value');
  expect(text).toContain('"ciphertext"');
}, 30_000);

test('preview right after up: no changes, the known outputs come back', async () => {
  const preview = await main.preview();
  expect(preview.summary).toMatchObject({ same: 5, create: 0, update: 0, replace: 0, delete: 0 });
  expect(preview.outputs).toEqual(firstUp.outputs);
  expect(formatPlan(preview)).toContain('(no changes)');
}, 30_000);

test('drift made out of band shows in a plain preview: update for a changed webhook, replace for a deleted subscription', async () => {
  const out = main.outputs();
  await admin.updateWebhooks([{ webhookKey: out.changesWebhookKey as string, webhookState: 'INACTIVE' }]);
  await admin.deleteUserSubscriptions([out.subscriptionKey as string]);

  const preview = await main.preview();
  const steps = byName(preview);
  expect(steps.changes).toMatchObject<Partial<Step>>({ op: 'update', changed: [] }); // the inputs did not change
  expect(steps['registrations-sub']).toMatchObject<Partial<Step>>({ op: 'replace', replaces: ['subscriptionKey'] });
  // The engine's preview of an updated dynamic resource uses its inputs as its outputs, so an output-only value would
  // be unknown to dependents and show them as replacements. Webhook.webhookKey is the resource id, which stays known:
  // the dependent subscription is unchanged, as `up` will leave it.
  expect(steps['changes-sub']).toMatchObject<Partial<Step>>({ op: 'same' });
  expect(steps.registrations.op).toBe('same');
  expect(steps.signing.op).toBe('same');
}, 30_000);

test('up heals the drift: the webhook is reactivated in place, the subscription recreated, the rest untouched', async () => {
  const before = main.outputs();
  const up = await main.up();
  expect(ops(up)).toEqual({
    registrations: 'same',
    'registrations-sub': 'replace',
    signing: 'same',
    changes: 'update',
    'changes-sub': 'same',
  });
  const s = sim.state();
  expect(s.webhooks.every((w) => w.state === 'ACTIVE')).toBe(true);
  expect(s.userSubscriptions).toHaveLength(2);
  const after = main.outputs();
  expect(after.subscriptionKey).not.toBe(before.subscriptionKey);
  expect(s.userSubscriptions.map((u) => u.userSubscriptionKey)).toContain(after.subscriptionKey);
  expect(after.changesWebhookKey).toBe(before.changesWebhookKey);
  // The replaced original's delete ran at the end (create before delete): no pending delete is left in state.
  expect(main.stateSnapshot().resources.filter((r) => r.pendingDelete)).toEqual([]);
}, 30_000);

test('refresh reads every resource; the next preview is clean (Read returned the inputs)', async () => {
  const refresh = await main.refresh();
  expect(refresh.summary.refresh).toBe(5);
  expect(refresh.steps.every((s) => !s.error)).toBe(true);
  const preview = await main.preview();
  expect(preview.summary).toMatchObject({ same: 5, update: 0, replace: 0 });
}, 30_000);

test('refresh drops a resource deleted out of band; the next up recreates it', async () => {
  const out = main.outputs();
  await admin.deleteWebhooks([out.changesWebhookKey as string]); // GoTo deletes its subscriptions with it
  const refresh = await main.refresh();
  expect(ops(refresh)).toMatchObject({ changes: 'read-gone', 'changes-sub': 'read-gone', registrations: 'refresh' });
  expect(main.resources().map((r) => r.name).sort()).toEqual(['registrations', 'registrations-sub', 'signing']);
  const up = await main.up();
  expect(ops(up)).toMatchObject({ changes: 'create', 'changes-sub': 'create', registrations: 'same' });
  expect(sim.state().webhooks).toHaveLength(2);
}, 30_000);

test('a resource removed from the program is deleted, its dependent subscription first', async () => {
  const without = await stack({ 'driver-webhooks:withChanges': 'false' });
  const preview = await without.preview();
  expect(ops(preview)).toMatchObject({ changes: 'delete', 'changes-sub': 'delete', registrations: 'same' });
  const names = preview.steps.filter((s) => s.op === 'delete').map((s) => s.name);
  expect(names).toEqual(['changes-sub', 'changes']);

  sim.clearRequests();
  const up = await without.up();
  expect(up.steps.filter((s) => s.op === 'delete').map((s) => s.name)).toEqual(['changes-sub', 'changes']);
  const deletes = sim.requests().filter((r) => r.method === 'DELETE').map((r) => r.path.split('?')[0]);
  expect(deletes).toEqual([expect.stringMatching(/\/userSubscriptions/), expect.stringMatching(/\/webhooks/)]);
  expect(sim.state().webhooks).toHaveLength(1);
  expect(without.outputs().changesWebhookKey).toBeUndefined();
}, 30_000);

test('destroy deletes everything; the simulator holds no webhook or subscription and the state is empty', async () => {
  const final = await stack({ 'driver-webhooks:withChanges': 'false' });
  const destroy = await final.destroy();
  expect(destroy.summary.delete).toBe(3);
  const order = destroy.steps.map((s) => s.name);
  expect(order.indexOf('registrations-sub')).toBeLessThan(order.indexOf('registrations'));
  expect(sim.state().webhooks).toEqual([]);
  expect(sim.state().userSubscriptions).toEqual([]);
  expect(final.resources()).toEqual([]);
  expect(final.outputs()).toEqual({});
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  expect(state.resources).toEqual([]);
  // Nothing secret ever reached an event message.
  const secretValues = sim.state().secretKeys.map((k) => k.value).concat('rotation-secret-value');
  for (const e of events) for (const v of secretValues) expect(e.message).not.toContain(v);
}, 30_000);
