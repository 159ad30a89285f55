/**
 * examples/key-rotation under the real engine, installed as a user would (the packed package in its own
 * node_modules), against the simulator: a key, then the next one with a future
 * validFrom (receivers accept both while GoTo still signs with the old one), a change of validFrom or rotation
 * replacing a key by a new one, the old key dropped, destroy. Deliveries are verified by the example's own
 * receiver (examples/key-rotation/receiver.ts), redeployed with the stack's `receiverSecrets` at each step.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { expectOps, OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';
import { installExample, typecheck, type InstalledExample } from './install-example';

jest.setTimeout(OPERATION_TIMEOUT);

/** examples/key-rotation/receiver.ts, loaded from the example's install (its types are checked there, by tsc). */
interface ReceiverModule {
  rotatingReceiver(
    secrets: string[],
    onEvent: (event: { eventKey?: string }, signedWith: string) => void,
  ): (req: IncomingMessage, res: ServerResponse) => void;
}

interface KeyDecl {
  name: string;
  validFrom?: string;
  rotation?: string;
}

let fx: Fixture;
let front: Server;
let callbackUrl: string;
let handler: ReturnType<typeof rotatingReceiver> | undefined;
const received: Array<{ eventKey?: string; signedWith: string }> = [];
let example: InstalledExample;
let rotatingReceiver: ReceiverModule['rotatingReceiver'];
let stack: EngineStack | undefined;

/** The receiving application: answers GoTo's validation GET, and hands POSTs to the receiver deployed last. */
beforeAll(async () => {
  example = await installExample('key-rotation');
  // The example's own receiver, from its install: it imports pulumi-gotowebinar/receiving by name, as an app would.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ({ rotatingReceiver } = require(path.join(example.dir, 'receiver')) as ReceiverModule);
  fx = await startFixture();
  front = createServer((req, res) => {
    if (req.method === 'GET') return void res.writeHead(200).end();
    if (!handler) return void res.writeHead(503).end();
    handler(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/goto/registrations`;
}, OPERATION_TIMEOUT);

afterAll(async () => {
  await stack?.remove();
  example?.remove();
  front?.closeAllConnections();
  await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
  await fx?.stop();
});

/** The stack with these keys in its config (`pulumi config set signingKeys …`). */
async function withKeys(keys: KeyDecl[]): Promise<EngineStack> {
  if (!stack) {
    stack = await EngineStack.open({
      workDir: example.dir,
      stackName: 'dev',
      config: { callbackUrl, signingKeys: JSON.stringify(keys) },
      env: simulatorEnv(fx.sim),
    });
  } else {
    await stack.stack.setConfig('signingKeys', { value: JSON.stringify(keys) });
  }
  return stack;
}

async function receiverSecrets(): Promise<string[]> {
  return (await stack!.outputs()).receiverSecrets as string[];
}

/** Redeploys the receiver with the stack's secrets, fires an event, returns which key verified it. */
async function deliverOne(): Promise<{ signedWith: string; secretKeyId?: number }> {
  handler = rotatingReceiver(await receiverSecrets(), (event, signedWith) => {
    received.push({ eventKey: event.eventKey, signedWith });
  });
  const before = received.length;
  const deliveries = await fx.sim.fireEvent({ eventName: 'registrant.added' });
  expect(deliveries).toHaveLength(1);
  expect(deliveries[0]).toMatchObject({ status: 200, signed: true });
  expect(received).toHaveLength(before + 1);
  return { signedWith: received[before].signedWith, secretKeyId: deliveries[0].secretKeyId };
}

const inADay = new Date(Date.now() + 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
let firstKey: string;
let nextKey: string;
let soon: string;

test('the example type-checks against the installed package (its own tsconfig, tsc --noEmit)', async () => {
  expect(await typecheck(example)).toEqual({ code: 0, output: '' });
});

test('one key: created, exported for the receiver, and used for signing', async () => {
  const s = await withKeys([{ name: '2026-01' }]);
  expectOps(await run(s, 'up'), { otherwise: 'create', count: 3 });
  const secrets = await receiverSecrets();
  expect(secrets).toHaveLength(1);
  firstKey = secrets[0];
  expect(fx.sim.state().secretKeys.map((k) => k.value)).toEqual([firstKey]);
  expect(await deliverOne()).toMatchObject({ signedWith: 'new key' });
  expectOps(await run(s, 'preview'), { otherwise: 'same', count: 3 });
});

test('the next key with a future validFrom: created alone; receivers accept both while the old one still signs', async () => {
  const s = await withKeys([{ name: '2026-06', validFrom: inADay }, { name: '2026-01' }]);
  expectOps(await run(s, 'preview'), { expected: { 'signing-key-2026-06': 'create' }, count: 4 });
  expectOps(await run(s, 'up'), { expected: { 'signing-key-2026-06': 'create' }, count: 4 });
  const secrets = await receiverSecrets();
  expect(secrets).toHaveLength(2);
  expect(secrets[1]).toBe(firstKey);
  nextKey = secrets[0];
  expect(nextKey).not.toBe(firstKey);
  expect((await stack!.outputs()).validFrom).toMatchObject({ '2026-06': inADay });
  // GoTo still signs with the old key: the receiver, deployed with [newKey, oldKey], accepts it.
  expect(await deliverOne()).toMatchObject({ signedWith: 'old key' });
});

test('changing the rotation of a key plans its replacement by a new key', async () => {
  const s = await withKeys([{ name: '2026-06', validFrom: inADay }, { name: '2026-01', rotation: 'leaked' }]);
  const preview = await run(s, 'preview');
  expectOps(preview, { expected: { 'signing-key-2026-01': 'replace' }, count: 4 });
  expect(preview.steps.find((st) => st.name === 'signing-key-2026-01')?.changed).toEqual(['rotation']);
});

test('changing validFrom replaces the key: a new value, which signs once validFrom has come; both still accepted', async () => {
  soon = new Date(Date.now() + 4000).toISOString();
  const s = await withKeys([{ name: '2026-06', validFrom: soon }, { name: '2026-01' }]);
  const preview = await run(s, 'preview');
  expectOps(preview, { expected: { 'signing-key-2026-06': 'replace' }, count: 4 });
  expect(preview.steps.find((st) => st.name === 'signing-key-2026-06')?.changed).toEqual(['validFrom']);
  expectOps(await run(s, 'up'), { expected: { 'signing-key-2026-06': 'replace' }, count: 4 });
  const secrets = await receiverSecrets();
  expect(secrets[1]).toBe(firstKey);
  expect(secrets[0]).not.toBe(nextKey);
  expect(secrets[0]).not.toBe(firstKey);
  // GoTo cannot delete keys: the replaced one is still there (the simulator holds all three).
  expect(fx.sim.state().secretKeys).toHaveLength(3);

  const wait = Date.parse(soon) - Date.now() + 200;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  expect(await deliverOne()).toMatchObject({ signedWith: 'new key' });
});

test('the old key leaves the stack; the receiver keeps only the new one', async () => {
  const s = await withKeys([{ name: '2026-06', validFrom: soon }]);
  expectOps(await run(s, 'up'), { expected: { 'signing-key-2026-01': 'delete' }, count: 4 });
  expect(await receiverSecrets()).toHaveLength(1);
  expect(await deliverOne()).toMatchObject({ signedWith: 'new key' });
  expectOps(await run(s, 'preview'), { otherwise: 'same', count: 3 });
});

test('destroy: no webhook or subscription left', async () => {
  expectOps(await run(stack!, 'destroy'), { otherwise: 'delete', count: 3 });
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
