/**
 * Upgrades under the real engine: state written by the last release (test/fixtures/upgrade/state.json, made by
 * generate.ts from a `git archive` of it) is imported into a stack whose project has the package as it is in this
 * tree, and refreshed, updated and destroyed against a simulator seeded with the objects behind that state. The
 * release's `__provider` text (which Read and Delete run) must find the installed runtime; the text the new code
 * writes must hold no path of the machine that wrote it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EngineStack } from '../../tools/pulumi/automation';
import { linkInto } from '../../tools/package/pack';
import { simulatorEnv } from '../../scripts/sim-env';
import { expectOps, OPERATION_TIMEOUT, ROOT, run, startFixture, type Fixture } from '../stack/support';
import { FIXTURE, providerTexts, stateOf, UpgradeProjects } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const read = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURE, name), 'utf8'));
const released = read('state.json');
const objects = read('simulator-state.json');
const release = read('release.json') as { version: string };
const oldCallbackUrl: string = objects.webhooks[0].callbackUrl;
const webhookKey: string = objects.webhooks[0].webhookKey;
const subscriptionKey: string = objects.userSubscriptions[0].userSubscriptionKey;

let fx: Fixture;
const projects = new UpgradeProjects(() => simulatorEnv(fx.sim));

/** A user's project with this tree's package installed in place of the release (a symlink, as `npm link` makes). */
async function importedStack(config: Record<string, string>): Promise<EngineStack> {
  const dir = projects.copy('upgrade');
  linkInto(dir);
  const stack = await projects.open(dir, config);
  await stack.stack.importStack(released);
  return stack;
}

const live = () => fx.sim.state();

beforeAll(async () => {
  fx = await startFixture('/goto');
});

afterAll(async () => {
  await projects.removeAll();
  await fx?.stop();
});

test(`the fixture is ${release.version}'s: its __provider text names a runtime path that does not exist here`, () => {
  const texts = providerTexts(released.deployment.resources);
  expect(texts).toHaveLength(3);
  for (const text of texts) {
    const paths = [...text.matchAll(/"(\/[^"]+)"/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    // Only the installed package can serve it, as on any machine other than the one that deployed.
    for (const p of paths) expect(fs.existsSync(p)).toBe(false);
  }
});

describe('a stack deployed by the release, with the package upgraded', () => {
  let stack: EngineStack;

  beforeAll(async () => {
    fx.sim.seed(objects);
    stack = await importedStack({ 'upgrade-fixture:callbackUrl': oldCallbackUrl });
  });

  test('refresh: the release text reads each object at GoTo, and nothing changes', async () => {
    fx.sim.clearRequests();
    const result = await run(stack, 'refresh');
    expectOps(result, { otherwise: ['refresh', 'same'], count: 3 });
    const reads = fx.sim.requests().filter((r) => r.method === 'GET').map((r) => r.path);
    expect(reads.some((p) => p.endsWith(`/webhooks/${webhookKey}`) || p.endsWith('/webhooks'))).toBe(true);
    expect(reads.some((p) => p.endsWith(`/userSubscriptions/${subscriptionKey}`) || p.endsWith('/userSubscriptions'))).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('update: a changed callbackUrl and webhookState are applied in place, keys kept', async () => {
    const moved = `${fx.receiver.baseUrl}/moved`;
    await stack.stack.setAllConfig({
      'upgrade-fixture:callbackUrl': { value: moved },
      'upgrade-fixture:webhookState': { value: 'INACTIVE' },
    });
    const result = await run(stack, 'up');
    expectOps(result, { expected: { hook: 'update' }, otherwise: 'same', count: 3 });
    expect(live().webhooks).toEqual([expect.objectContaining({ webhookKey, callbackUrl: moved, state: 'INACTIVE' })]);
    expect(live().userSubscriptions).toEqual([expect.objectContaining({ userSubscriptionKey: subscriptionKey })]);
    expect(await stack.outputs()).toMatchObject({ webhookKey, subscriptionKey, callbackUrl: moved, webhookState: 'INACTIVE' });
  });

  test('the __provider text the new code wrote holds no path of this machine', () => {
    const texts = providerTexts(stateOf(stack));
    expect(texts).toHaveLength(3);
    const local = [ROOT, '/work', os.homedir(), os.tmpdir(), fs.realpathSync(os.tmpdir())];
    for (const text of texts) {
      for (const dir of local) expect(text).not.toContain(dir);
      expect(text).not.toMatch(/"\/[^"]*"/); // no absolute path of any kind in a string literal
    }
  });

  test('destroy: the webhook and the subscription are deleted at GoTo', async () => {
    expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
    expect(live().webhooks).toEqual([]);
    expect(live().userSubscriptions).toEqual([]);
  });
});

test('destroy straight from the release state: its own __provider text deletes through the upgraded package', async () => {
  fx.sim.seed(objects);
  const stack = await importedStack({ 'upgrade-fixture:callbackUrl': oldCallbackUrl });
  fx.sim.clearRequests();
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: 3 });
  expect(fx.sim.requests().filter((r) => r.method === 'DELETE').length).toBeGreaterThanOrEqual(1);
  expect(live().webhooks).toEqual([]);
  expect(live().userSubscriptions).toEqual([]);
});
