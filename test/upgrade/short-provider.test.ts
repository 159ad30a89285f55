/**
 * The short `__provider` text under the real engine, and stacks that hold an older text moving to it.
 *
 * Each kind's provider object is the whole `module.exports` of its own file (provider/resources/providers/), so with
 * the package installed under the project's node_modules (what `npm install` of the tarball makes: tools/package
 * `unpackInto`) the SDK's serializer writes one `require` of that file (about 300 characters). Where the package is
 * reached through a symlink (`npm link`: `linkInto`) it serializes the object by value instead: that was the long
 * text (about 3,300 characters), asking for `pulumi-gotowebinar/runtime`, which stacks deployed linked hold; today the
 * package hands the SDK the compact object there (compact-provider.test.ts). And 0.1.0 wrote a third text, asking for
 * `pulumi-gotowebinar/dist/provider/runtime/index.js` (test/fixtures/upgrade/state.json).
 *
 * Check, Diff, Create and Update run the new inputs' text; Read and Delete run the text in state's outputs, which the
 * engine keeps until the resource is written (pulumi/pulumi#16826). So users who upgrade, or move from a linked
 * checkout to an installed package, keep old texts in state for as long as their resources do not change, and every
 * such text must keep working and must not, by itself, make the engine change anything. Proved here, against the
 * simulator over HTTP:
 * 1. installed, every resource stores the short text (inputs and outputs), with no path of this machine;
 * 2. a stack written with the long text, switched to the installed package: preview --expect-no-changes and a
 *    no-change `up` are all `same` with no write to GoTo; that `up` stores the short text in the inputs while the
 *    outputs keep the long one; refresh reads through the long text and (as the SDK's dynamic provider copies the
 *    outputs' text into the inputs Read returns) puts the long text back in the inputs; an update stores the short
 *    text in the updated resource's outputs only; destroy deletes everything through whichever text is stored;
 * 3. 0.1.0's state with the package installed from the tarball (how users upgrade) previews and refreshes clean and
 *    destroys everything at GoTo.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineOperationError, type EngineStack, type RunResult } from '../../tools/pulumi/automation';
import { linkInto, unpackInto } from '../../tools/package/pack';
import { simulatorEnv } from '../../scripts/sim-env';
import { providerTextFor } from '../harness';
import { errorText, expectOps, OPERATION_TIMEOUT, ROOT, run, startFixture, type Fixture } from '../stack/support';
import { apiWrites as writesOf, FIXTURE, kindOf, textsByResource, stateOf, updateHookInPlace, UpgradeProjects, type Kind } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const read = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURE, name), 'utf8'));

/** Bounds with a wide margin on both sides of the measured lengths (303–313 and 3,325–3,379 characters). */
const SHORT_MAX = 600;
const LONG_MIN = 2000;
const shortRequire = (kind: Kind) => `require("pulumi-gotowebinar/dist/provider/resources/providers/${kind}.js")`;
const LONG_RUNTIME = '"pulumi-gotowebinar/runtime"';
const RELEASE_RUNTIME = '"pulumi-gotowebinar/dist/provider/runtime/index.js"';
const LOCAL_DIRS = [ROOT, fs.realpathSync(ROOT), '/work', os.homedir(), os.tmpdir(), fs.realpathSync(os.tmpdir())];

let fx: Fixture;
const projects = new UpgradeProjects(() => simulatorEnv(fx.sim));

/** `preview --expect-no-changes`; a failure lists every error and the engine's output. */
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

/** `refresh` that finds every object as the state has it: no changed property, no error or warning. */
async function refreshClean(stack: EngineStack): Promise<void> {
  const result = await run(stack, 'refresh');
  expectOps(result, { otherwise: ['refresh', 'same'], count: 3 });
  expect(result.steps.filter((s) => s.changed.length)).toEqual([]);
  expect(result.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
}

const apiWrites = () => writesOf(fx.sim);

const texts = (stack: EngineStack) => textsByResource(stateOf(stack));
const live = () => fx.sim.state();

function expectShort(text: string, kind: Kind): void {
  expect(text.length).toBeLessThan(SHORT_MAX);
  expect(text).toContain(shortRequire(kind));
  expect(text).not.toContain(LONG_RUNTIME);
  expect(text).not.toMatch(/"\/[^"]*"/); // no absolute path in a string literal
  for (const dir of LOCAL_DIRS) expect(text).not.toContain(dir);
}

function expectLong(text: string): void {
  expect(text.length).toBeGreaterThan(LONG_MIN);
  expect(text).toContain(LONG_RUNTIME);
  expect(text).not.toContain('require("pulumi-gotowebinar/dist/provider/resources/providers/');
  for (const dir of LOCAL_DIRS) expect(text).not.toContain(dir);
}

beforeAll(async () => {
  fx = await startFixture('/goto');
});

afterAll(async () => {
  await projects.removeAll();
  await fx?.stop();
});

test('installed under node_modules, the package stores the short text (inputs and outputs) for every kind', async () => {
  const dir = projects.copy('short-installed');
  const installed = await unpackInto(dir);
  expect(fs.lstatSync(installed).isDirectory()).toBe(true); // a real directory, as npm install makes it
  const stack = await projects.open(dir, { 'upgrade-fixture:callbackUrl': `${fx.receiver.baseUrl}/hook` });

  expectOps(await run(stack, 'up'), { otherwise: 'create', count: 3 });
  const all = texts(stack);
  expect(Object.values(all).map((t) => t.kind).sort()).toEqual(['secret-key', 'user-subscription', 'webhook']);
  for (const t of Object.values(all)) {
    expectShort(t.inputs, t.kind);
    expectShort(t.outputs, t.kind);
  }

  // The short text's Delete (from outputs) reaches GoTo too.
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
  expect(live().webhooks).toEqual([]);
  expect(live().userSubscriptions).toEqual([]);
});

/**
 * The stack as a linked package wrote it before the compact text: every dynamic resource's `__provider`, in inputs and
 * outputs, the long text of its kind (the full provider object by value, serialized here from the project as the SDK
 * did then). Today a linked package writes the compact text, so the stack deployed linked is rewritten to that state.
 */
async function asWrittenWithTheLongText(stack: EngineStack, dir: string): Promise<void> {
  const exported = await stack.stack.exportStack();
  for (const r of (exported.deployment?.resources ?? []) as { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[]) {
    if (!r.type.startsWith('pulumi-nodejs:dynamic/')) continue;
    const long = await providerTextFor(path.join(ROOT, 'dist/provider/resources/providers', `${kindOf(r.type)}.js`), '.', { cwd: dir });
    for (const side of [r.inputs, r.outputs]) if (side && typeof side.__provider === 'string') side.__provider = long;
  }
  await stack.stack.importStack(exported);
}

describe('a stack written with the long text (npm link), upgraded to the installed package', () => {
  let dir: string;
  let stack: EngineStack;
  let webhookKey: string;
  let subscriptionKey: string;

  beforeAll(async () => {
    fx.sim.reset();
    ({ dir, stack, webhookKey, subscriptionKey } = await projects.linkedAndUp('short-from-link', `${fx.receiver.baseUrl}/hook`, asWrittenWithTheLongText));
  });

  test('linked, the state holds the long text in inputs and outputs', async () => {
    const all = texts(stack);
    expect(Object.keys(all).sort()).toEqual(['hook', 'key', 'sub']);
    for (const t of Object.values(all)) {
      expectLong(t.inputs);
      expectLong(t.outputs);
    }
    // Now the package as npm install makes it, in the same place.
    expect(fs.lstatSync(await unpackInto(dir)).isDirectory()).toBe(true);
  });

  test('preview --expect-no-changes: all same, no write to GoTo (the new text alone forces nothing)', async () => {
    fx.sim.clearRequests();
    const result = await previewNoChanges(stack);
    expectOps(result, { otherwise: 'same', count: 3 });
    expect(apiWrites()).toEqual([]);
  });

  test('up with no change: all same, no write; inputs get the short text, outputs keep the long one', async () => {
    fx.sim.clearRequests();
    expectOps(await run(stack, 'up'), { otherwise: 'same', count: 3 });
    expect(apiWrites()).toEqual([]);
    const all = texts(stack);
    for (const t of Object.values(all)) {
      expectShort(t.inputs, t.kind);
      expectLong(t.outputs); // pulumi/pulumi#16826: a `same` step does not rewrite outputs
    }
  });

  test('refresh: the long text in outputs reads each object through the installed package, nothing changes at GoTo', async () => {
    fx.sim.clearRequests();
    await refreshClean(stack);
    const reads = fx.sim.requests().filter((r) => r.kind === 'api' && r.method === 'GET').map((r) => r.path);
    expect(reads.some((p) => p.includes('/webhooks'))).toBe(true);
    expect(reads.some((p) => p.includes('/userSubscriptions'))).toBe(true);
    expect(apiWrites()).toEqual([]);
    // Read's answer carries the outputs' text, into its inputs too (the SDK's dynamic provider does so when a
    // read returns inputs, as ours do): refresh puts the long text back in the inputs until the next `up`.
    for (const t of Object.values(texts(stack))) {
      expectLong(t.inputs);
      expectLong(t.outputs);
    }
    expect(await stack.outputs()).toMatchObject({ webhookKey, subscriptionKey });
  });

  test('update: the hook is updated in place, keys kept, and its outputs now hold the short text', async () => {
    const moved = await updateHookInPlace(stack, fx, { webhookKey, subscriptionKey });
    expect(apiWrites().length).toBeGreaterThan(0);
    expect(await stack.outputs()).toMatchObject({ webhookKey, subscriptionKey, callbackUrl: moved, webhookState: 'INACTIVE' });

    // The program's inputs carry the short text again; only the written resource's outputs take it.
    const all = texts(stack);
    expectShort(all.hook.inputs, 'webhook');
    expectShort(all.hook.outputs, 'webhook');
    for (const t of [all.sub, all.key]) {
      expectShort(t.inputs, t.kind);
      expectLong(t.outputs); // not written: still the long text
    }
  });

  test('destroy: every object is deleted at GoTo (the sub and the key through the long text)', async () => {
    fx.sim.clearRequests();
    expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
    expect(apiWrites().filter((w) => w.startsWith('DELETE')).length).toBeGreaterThanOrEqual(2);
    expect(live().webhooks).toEqual([]);
    expect(live().userSubscriptions).toEqual([]);
  });
});

describe(`${read('release.json').version}'s state with the package installed from the tarball`, () => {
  const released = read('state.json');
  const objects = read('simulator-state.json');
  let stack: EngineStack;

  beforeAll(async () => {
    fx.sim.reset();
    fx.sim.seed(objects);
    const dir = projects.copy('short-from-release');
    expect(fs.lstatSync(await unpackInto(dir)).isDirectory()).toBe(true);
    stack = await projects.open(dir, { 'upgrade-fixture:callbackUrl': objects.webhooks[0].callbackUrl });
    await stack.stack.importStack(released);
    for (const t of Object.values(texts(stack))) {
      expect(t.inputs).toContain(RELEASE_RUNTIME);
      expect(t.outputs).toContain(RELEASE_RUNTIME);
    }
  });

  test('preview --expect-no-changes: all same, no write to GoTo', async () => {
    fx.sim.clearRequests();
    expectOps(await previewNoChanges(stack), { otherwise: 'same', count: 3 });
    expect(apiWrites()).toEqual([]);
  });

  test("refresh: 0.1.0's text reads each object through the installed package, nothing changes", async () => {
    fx.sim.clearRequests();
    await refreshClean(stack);
    expect(apiWrites()).toEqual([]);
    expect(live()).toEqual(expect.objectContaining({ webhooks: objects.webhooks, userSubscriptions: objects.userSubscriptions }));
    for (const t of Object.values(texts(stack))) {
      expect(t.inputs).toContain(RELEASE_RUNTIME);
      expect(t.outputs).toContain(RELEASE_RUNTIME);
    }
  });

  test('destroy: everything is deleted at GoTo, the simulator is empty', async () => {
    fx.sim.clearRequests();
    expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
    expect(apiWrites().filter((w) => w.startsWith('DELETE')).length).toBeGreaterThanOrEqual(2);
    expect(live()).toEqual({ webhooks: [], userSubscriptions: [], secretKeys: [] });
  });
});
