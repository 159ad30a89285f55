/**
 * The lifecycle driver with @pulumi/random (emulated in-process) feeding dynamic resources, a component parenting a
 * webhook and its subscription, and secrets end to end: a secret random output used as an input stays secret, the
 * state file never holds a secret in plaintext, formatPlan and events never show one, secret stack outputs are
 * "[secret]" in results and plain through Stack.outputs().
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningSimulator } from '../../simulator/types';
import type { CallbackServer } from '../support/callback-server';
import { formatPlan, Stack, type DriverEvent, type RunResult } from '../driver';
import { driverWorld, ops } from './world';

const PROJECT = path.resolve(__dirname, '../fixtures/driver/random');
const RANDOM = 'random:index/';

const world = driverWorld('driver-random-');
let sim: RunningSimulator;
let receiver: CallbackServer;
let dir: string;
let stateFile: string;
const events: DriverEvent[] = [];
const plans: string[] = [];

beforeAll(async () => {
  ({ sim, receiver, dir } = world);
  stateFile = path.join(dir, 'state.json');
});

async function stack(rotation: string): Promise<Stack> {
  const s = await Stack.open({
    projectDir: PROJECT,
    stack: 'dev',
    stateFile,
    config: { 'driver-random:callbackBase': receiver.url, 'driver-random:rotation': rotation },
    secretConfig: { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl },
    parallel: 4,
    onEvent: (e) => events.push(e),
  });
  world.track(s);
  return s;
}

async function run(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p;
  plans.push(formatPlan(r));
  return r;
}

let first: Record<string, unknown>;

test('up: random values are generated once, flow into dynamic resources, and secrets stay secret', async () => {
  const s = await stack('1');
  const up = await run(s.up());
  expect(ops(up)).toEqual({
    'rotation-token': 'create',
    suffix: 'create',
    pet: 'create',
    tag: 'create',
    'run-id': 'create',
    jitter: 'create',
    signing: 'create',
    joins: 'create',
    'joins-webhook': 'create',
    'joins-sub': 'create',
  });
  first = s.outputs();
  expect(first.token).toMatch(/^.{24}$/);
  expect(first.callbackPath).toMatch(/^\/hook-[a-z]+-[a-z]+\/[a-z0-9]{10}$/);
  expect(first.tagHex).toMatch(/^[0-9a-f]{12}$/);
  expect(first.runUuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(first.dice).toBeGreaterThanOrEqual(1);
  expect(first.dice).toBeLessThanOrEqual(6);
  expect(up.secretOutputs).toEqual(['signingKey', 'token']);
  expect(up.outputs).toMatchObject({ token: '[secret]', signingKey: '[secret]', tagHex: first.tagHex });

  // The webhook got its URL from the random values; the component is the parent of its webhook and subscription.
  expect(sim.state().webhooks[0].callbackUrl).toBe(`${receiver.url}${first.callbackPath}`);
  const resources = s.resources();
  const component = resources.find((r) => r.name === 'joins')!;
  expect(component).toMatchObject({ type: 'driver:fixture:Hooks', custom: false, id: '' });
  const webhook = resources.find((r) => r.name === 'joins-webhook')!;
  expect(webhook.parent).toBe(component.urn);
  expect(webhook.urn).toBe('urn:pulumi:dev::driver-random::driver:fixture:Hooks$pulumi-nodejs:dynamic/gotowebinar:Webhook::joins-webhook');
  expect(webhook.dependencies.sort()).toEqual([
    `urn:pulumi:dev::driver-random::${RANDOM}randomPet:RandomPet::pet`,
    `urn:pulumi:dev::driver-random::${RANDOM}randomString:RandomString::suffix`,
  ]);
  // Secret in, secret out: the password (additionalSecretOutputs of RandomPassword) and the key's rotation input.
  expect(resources.find((r) => r.name === 'rotation-token')!.secretOutputs).toEqual(['bcryptHash', 'result']);
  expect(resources.find((r) => r.name === 'signing')!.secretOutputs).toEqual(['rotation', 'secretKey']);
  expect(s.stateSnapshot().outputs.token).toEqual({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: first.token });
}, 40_000);

test('preview and up again change nothing: random values are kept in state', async () => {
  const s = await stack('1');
  const preview = await run(s.preview());
  expect(preview.summary).toMatchObject({ same: 10, create: 0, replace: 0, update: 0 });
  const up = await run(s.up());
  expect(up.summary.same).toBe(10);
  expect(s.outputs()).toEqual(first);
}, 40_000);

test('a changed keeper replaces the password, and with it the signing key that uses it; nothing else', async () => {
  const s = await stack('2');
  const preview = await run(s.preview());
  expect(preview.steps.find((st) => st.name === 'rotation-token')).toMatchObject({ op: 'replace', replaces: ['keepers'] });
  // The new password is unknown in preview, so the key's Diff sees a changed rotation.
  expect(preview.steps.find((st) => st.name === 'signing')).toMatchObject({ op: 'replace', replaces: ['rotation'] });
  expect(preview.summary).toMatchObject({ replace: 2, same: 8 });

  const up = await run(s.up());
  expect(ops(up)).toMatchObject({ 'rotation-token': 'replace', signing: 'replace', suffix: 'same', 'joins-webhook': 'same' });
  const now = s.outputs();
  expect(now.token).not.toBe(first.token);
  expect(now.signingKey).not.toBe(first.signingKey);
  expect(now.callbackPath).toBe(first.callbackPath);
  expect(sim.state().secretKeys).toHaveLength(2); // GoTo cannot delete keys: the old one stays at GoTo
}, 40_000);

test('secrets appear nowhere: not in the state file, not in plans, not in events', async () => {
  const s = await stack('2');
  const snapshot = s.stateSnapshot();
  const secretValues = [
    ...sim.state().secretKeys.map((k) => k.value),
    String(first.token),
    String(s.outputs().token),
    sim.users[0].accessToken,
    sim.apiUrl,
  ];
  const password = snapshot.resources.find((r) => r.name === 'rotation-token')!;
  secretValues.push(String((password.outputs.bcryptHash as { value: string }).value));
  const text = readFileSync(stateFile, 'utf8');
  for (const v of secretValues) {
    expect(text).not.toContain(v);
    for (const plan of plans) expect(plan).not.toContain(v);
    for (const e of events) expect(e.message).not.toContain(v);
  }
  expect(plans.join('\n')).toContain('token: [secret]');
}, 20_000);

test('destroy: children before their component, everything gone', async () => {
  const s = await stack('2');
  const destroy = await run(s.destroy());
  const order = destroy.steps.map((st) => st.name);
  expect(order).toHaveLength(10);
  expect(order.indexOf('joins-sub')).toBeLessThan(order.indexOf('joins-webhook'));
  expect(order.indexOf('joins-webhook')).toBeLessThan(order.indexOf('joins'));
  expect(order.indexOf('joins-webhook')).toBeLessThan(order.indexOf('pet'));
  expect(order.indexOf('signing')).toBeLessThan(order.indexOf('rotation-token'));
  expect(sim.state().webhooks).toEqual([]);
  expect(s.resources()).toEqual([]);
}, 30_000);
