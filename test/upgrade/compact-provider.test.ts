/**
 * The compact `__provider` text, which the package writes where the SDK serializes the provider by value: the
 * package linked (`npm link`, a workspace symlink: tools/package `linkInto`) or reached as this repository's
 * self-reference. It holds one function, `configure`, which installs the other six methods on the object the plugin
 * deserialized before configuring the runtime (provider/resources/shim.ts `makeCompactShim`): about 820 characters
 * instead of the full object's 3,300, stored twice per resource and rewritten with every checkpoint.
 *
 * Proved here, against the simulator over HTTP:
 * 1. under the real engine, with the package linked: every resource stores the compact text of its own kind (inputs
 *    and outputs), with no path of this machine; a no-change preview, a refresh (Read runs the text in outputs) and
 *    an update in place go through it; then, with the package installed in its place (how a developer's stack meets
 *    the released package), the stored compact text previews clean and destroys every object at GoTo;
 * 2. at the plugin, in a project where the package is missing: the first call fails with Node's error naming
 *    `pulumi-gotowebinar/runtime`, and so does a later Delete of the same text. The plugin caches the object before
 *    its `configure` settles, so the methods are installed before anything can fail: a Delete never succeeds without
 *    deleting.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineOperationError, type EngineStack, type RunResult } from '../../tools/pulumi/automation';
import { linkInto, unpackInto } from '../../tools/package/pack';
import { simulatorEnv } from '../../scripts/sim-env';
import { resourceUrn, startDynamicProviderPlugin } from '../harness';
import { errorText, expectOps, OPERATION_TIMEOUT, ROOT, run, startFixture, type Fixture } from '../stack/support';
import { apiWrites as writesOf, textsByResource, stateOf, updateHookInPlace, UpgradeProjects, type Kind } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

/** Measured 822–831 characters; the full object by value is 3,325–3,379. */
const COMPACT_MAX = 1000;
const LOCAL_DIRS = [ROOT, fs.realpathSync(ROOT), '/work', os.homedir(), os.tmpdir(), fs.realpathSync(os.tmpdir())];
/** The shim's name of each kind (`providers[kind]` in the runtime). */
const SHIM_KIND: Record<Kind, string> = { webhook: 'webhook', 'user-subscription': 'userSubscription', 'secret-key': 'secretKey' };

let fx: Fixture;
const projects = new UpgradeProjects(() => simulatorEnv(fx.sim));

const apiWrites = () => writesOf(fx.sim);

const live = () => fx.sim.state();

function expectCompact(text: string, kind: Kind): void {
  expect(text.length).toBeLessThan(COMPACT_MAX);
  expect(text).toContain('var __provider = {configure: __f1};'); // the one method serialized
  expect(text).toContain(`kind: "${SHIM_KIND[kind]}"`);
  expect(text).toContain("('pulumi-gotowebinar/runtime')");
  expect(text).not.toContain('__candidates'); // not the full object's long text
  expect(text).not.toContain('require("pulumi-gotowebinar/dist/'); // not the installed form's one `require`
  expect(text).not.toMatch(/"\/[^"]*"/); // no absolute path in a string literal
  for (const dir of LOCAL_DIRS) expect(text).not.toContain(dir);
}

async function previewNoChanges(stack: EngineStack): Promise<RunResult> {
  try {
    return await stack.preview({ expectNoChanges: true });
  } catch (error) {
    if (error instanceof EngineOperationError) {
      throw new Error(`${error.message}\n${errorText(error)}\n--- engine output ---\n${error.result.stdout}`);
    }
    throw error;
  }
}

beforeAll(async () => {
  fx = await startFixture('/goto');
});

afterAll(async () => {
  await projects.removeAll();
  await fx?.stop();
});

/** The compact texts the linked stack stored, by kind, for the plugin-level test. */
const compactTexts: Partial<Record<Kind, string>> = {};

describe('the package linked: the compact text', () => {
  let dir: string;
  let stack: EngineStack;
  let webhookKey: string;
  let subscriptionKey: string;

  beforeAll(async () => {
    fx.sim.reset();
    ({ dir, stack, webhookKey, subscriptionKey } = await projects.linkedAndUp('compact-linked', `${fx.receiver.baseUrl}/hook`));
  });

  test('every resource stores the compact text of its own kind in inputs and outputs, with no path of this machine', () => {
    const all = textsByResource(stateOf(stack));
    expect(Object.values(all).map((t) => t.kind).sort()).toEqual(['secret-key', 'user-subscription', 'webhook']);
    for (const t of Object.values(all)) {
      expectCompact(t.inputs, t.kind);
      expect(t.outputs).toBe(t.inputs);
      compactTexts[t.kind] = t.inputs;
    }
    expect(live().webhooks).toEqual([expect.objectContaining({ webhookKey, state: 'ACTIVE' })]);
  });

  test('preview --expect-no-changes: all same, no write to GoTo', async () => {
    fx.sim.clearRequests();
    expectOps(await previewNoChanges(stack), { otherwise: 'same', count: 3 });
    expect(apiWrites()).toEqual([]);
  });

  test('refresh: Read through the compact text in outputs finds every object, nothing changes', async () => {
    fx.sim.clearRequests();
    const result = await run(stack, 'refresh');
    expectOps(result, { otherwise: ['refresh', 'same'], count: 3 });
    expect(result.steps.filter((s) => s.changed.length)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    const reads = fx.sim.requests().filter((r) => r.kind === 'api' && r.method === 'GET').map((r) => r.path);
    expect(reads.some((p) => p.includes('/webhooks'))).toBe(true);
    expect(reads.some((p) => p.includes('/userSubscriptions'))).toBe(true);
    expect(apiWrites()).toEqual([]);
  });

  test('update in place through the compact text: the hook changes at GoTo, keys kept', async () => {
    await updateHookInPlace(stack, fx, { webhookKey, subscriptionKey });
    for (const t of Object.values(textsByResource(stateOf(stack)))) expectCompact(t.outputs, t.kind);
  });

  test('with the package installed in its place, the stored compact text previews clean and destroys every object', async () => {
    expect(fs.lstatSync(await unpackInto(dir)).isDirectory()).toBe(true);
    fx.sim.clearRequests();
    expectOps(await previewNoChanges(stack), { otherwise: 'same', count: 3 });
    expect(apiWrites()).toEqual([]);
    // Delete runs the text in outputs: the compact one, now served by the installed package.
    for (const t of Object.values(textsByResource(stateOf(stack)))) expectCompact(t.outputs, t.kind);
    expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
    expect(apiWrites().filter((w) => w.startsWith('DELETE')).length).toBeGreaterThanOrEqual(2);
    expect(live().webhooks).toEqual([]);
    expect(live().userSubscriptions).toEqual([]);
  });
});

test('where the package is missing, the compact text fails every call with Node\'s error, and a Delete never succeeds without deleting', async () => {
  const text = compactTexts.webhook;
  expect(text).toBeDefined();
  // A project of its own outside this repository (no self-reference), with the SDK but not the package.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-no-package-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'no-package', private: true }));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@pulumi'), path.join(dir, 'node_modules', '@pulumi'));
    const plugin = await startDynamicProviderPlugin({ cwd: dir, project: 'no-package' });
    try {
      await plugin.configure({ variables: { 'gotowebinar:apiUrl': fx.sim.apiUrl } });
      const urn = resourceUrn('hook', { type: 'pulumi-nodejs:dynamic/gotowebinar:Webhook', project: 'no-package' });
      const notFound = /Cannot find module 'pulumi-gotowebinar\/runtime'/;
      // The first call deserializes the text and configures it: configure cannot load the runtime.
      await expect(plugin.check(urn, {}, { eventName: 'registrant.added', callbackUrl: 'https://x.example.com/h', __provider: text! })).rejects.toThrow(notFound);
      // The object is cached now, configured or not: its Delete still asks for the runtime, and fails.
      await expect(plugin.delete('8250000000000000001', urn, { webhookKey: '8250000000000000001', __provider: text! })).rejects.toThrow(notFound);
    } finally {
      await plugin.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
