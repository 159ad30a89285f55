/**
 * Request coalescing under the real engine: the writes of resources that the engine runs together reach GoTo as
 * array requests, and one bad callback URL among many new webhooks fails exactly its own resource while the rest
 * are created and active in the same `up`.
 */
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { expectOps, failureOf, OPERATION_TIMEOUT, run, startFixture, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'engine', 'many-webhooks');
/** COALESCING_WEBHOOKS=100 runs the same checks at the benchmark's size (the README quotes that run). */
const COUNT = Number(process.env.COALESCING_WEBHOOKS ?? 20);
const BAD = 7;

let fx: Fixture;
const opened: { stack: EngineStack; copy: WorkCopy }[] = [];

beforeAll(async () => {
  fx = await startFixture('/goto');
});
afterAll(async () => {
  for (const { stack, copy } of opened) {
    await stack.remove();
    copy.remove();
  }
  await fx?.stop();
});

async function open(name: string, config: Record<string, string>): Promise<EngineStack> {
  const copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], name);
  const stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { 'many-webhooks:webhooks': String(COUNT), 'many-webhooks:callbackBaseUrl': `${fx.receiver.baseUrl}/hook`, ...config },
    env: simulatorEnv(fx.sim),
    parallel: 64,
  });
  opened.push({ stack, copy });
  return stack;
}

/** Write requests by `METHOD /path`, each with the number of objects it carried. */
function writes(): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of fx.sim.requests()) {
    if (r.kind !== 'api' || r.method === 'GET') continue;
    const key = `${r.method} ${r.path.replace(/^\/G2W\/rest\/v2/, '')}`;
    (out[key] ??= []).push(Array.isArray(r.body) ? r.body.length : -1);
  }
  return out;
}

const total = (sizes: number[] | undefined) => (sizes ?? []).reduce((a, b) => a + b, 0);

test(`up of ${COUNT} webhooks with a subscription each sends a few array requests, not ${COUNT * 3}; destroy likewise`, async () => {
  fx.sim.reset();
  const stack = await open('coalescing', {});
  expectOps(await run(stack, 'up'), { otherwise: 'create', count: COUNT * 2 });
  expect(fx.sim.state().webhooks.filter((w) => w.state === 'ACTIVE')).toHaveLength(COUNT);
  expect(fx.sim.state().userSubscriptions).toHaveLength(COUNT);
  const up = writes();
  expect(total(up['POST /webhooks'])).toBe(COUNT);
  expect(total(up['PUT /webhooks'])).toBe(COUNT);
  expect(total(up['POST /userSubscriptions'])).toBe(COUNT);
  const requests = Object.values(up).flat().length;
  expect(requests).toBeLessThanOrEqual(COUNT); // against 3 × COUNT one object at a time

  expectOps(await run(stack, 'preview'), { otherwise: 'same', count: COUNT * 2 });
  fx.sim.clearRequests();
  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: COUNT * 2 });
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
  const down = writes();
  expect(total(down['DELETE /webhooks'])).toBe(COUNT);
  expect(total(down['DELETE /userSubscriptions'])).toBe(COUNT);
  expect(Object.values(down).flat().length).toBeLessThan(COUNT);
});

test(`one bad callback URL among ${COUNT} new webhooks: only its resource fails; the other ${COUNT - 1} are created and active in the same up`, async () => {
  fx.sim.reset();
  const stack = await open('coalescing-bad', { 'many-webhooks:badIndex': String(BAD) });
  const failure = await failureOf(stack.up());
  const failedUrns = [...new Set(failure.errors.flatMap((e) => (e.urn ? [e.urn] : [])))];
  expect(failedUrns).toEqual([expect.stringMatching(new RegExp(`::hook-${BAD}$`))]);
  expect(failure.errors.map((e) => e.message).join('\n')).toMatch(/did not answer 200/);

  const live = fx.sim.state();
  expect(live.webhooks).toHaveLength(COUNT - 1);
  expect(live.webhooks.every((w) => w.state === 'ACTIVE')).toBe(true);
  expect(live.webhooks.some((w) => w.callbackUrl.includes('nobody-listens'))).toBe(false);
  const recorded = (await stack.resources()).filter((r) => r.type.endsWith('gotowebinar:Webhook'));
  expect(recorded.map((r) => r.id).sort()).toEqual(live.webhooks.map((w) => w.webhookKey).sort());
  // After the first error the engine starts no new step (`pulumi up` without --continue-on-error), so of the
  // subscriptions, which wait for their webhooks, some or none have started; none is for a webhook that is not there.
  const keys = new Set(live.webhooks.map((w) => w.webhookKey));
  expect(live.userSubscriptions.every((s) => keys.has(s.webhookKey))).toBe(true);

  // With the URL fixed, the next up creates what is missing and nothing twice.
  await stack.stack.setConfig('many-webhooks:badIndex', { value: '-1' });
  await run(stack, 'up');
  expect(fx.sim.state().webhooks).toHaveLength(COUNT);
  expect(fx.sim.state().userSubscriptions).toHaveLength(COUNT);
  expect(fx.sim.state().webhooks.every((w) => w.state === 'ACTIVE')).toBe(true);

  expectOps(await run(stack, 'destroy'), { otherwise: 'delete', count: COUNT * 2 });
  expect(fx.sim.state().webhooks).toEqual([]);
});
