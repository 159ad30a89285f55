/**
 * `npm run soak`: does one `pulumi up` converge under GoTo's bad days? A stack of N webhooks, each with a
 * subscription (bench/fixture), goes through `up` under the real engine while the simulator injects faults: 5xx
 * answers, dropped connections, creates APPLIED whose answer is lost, a consistency lag (new objects invisible for a
 * while), and rate limiting twice over: from the up's first request on, every request is refused 429 for
 * SOAK_RATE_LIMITED_MS (as when someone else uses the same token for a while), then a burst of 429s. Ups are repeated
 * until one succeeds (at most 3); then, faults off, a preview must plan nothing and `destroy` must leave the
 * simulator empty. Prints: ups needed, duplicates (live objects beyond the declared ones), orphans (live objects
 * that are not in state), API calls, faults seen and how long every request was refused 429.
 *
 *   SOAK_WEBHOOKS=25   webhooks (each with a subscription: 50 resources)     SOAK_SEED=7   the faults' PRNG seed
 *
 * `runSoak` is also what the test suite runs, at a smaller size (test/stack/soak.test.ts).
 */
import * as path from 'node:path';
import { startSimulator, type FaultSettings, type LoggedRequest, type RunningSimulator } from '../simulator';
import { EngineOperationError, EngineStack } from '../tools/pulumi/automation';
import { workCopy } from '../tools/pulumi/work-copy';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps } from '../scripts/plan-checks';
import { simulatorEnv } from '../scripts/sim-env';

const FIXTURE = path.join(__dirname, 'fixture');

export interface SoakFigures {
  resources: number;
  upsNeeded: number;
  duplicates: number;
  orphans: number;
  apiCalls: number;
  failedCalls: number;
  /** API answers 429, from the period and the burst. */
  tooManyRequests: number;
  /**
   * The longest run of consecutive API answers that were all 429, from its first to the first answer after it that
   * was not: how long GoTo refused everything while calls kept retrying.
   */
  rateLimitedSeconds: number;
  previewAfter: string[];
  leftAfterDestroy: number;
  upSeconds: number;
}

export const SOAK_FAULTS: FaultSettings = {
  serverErrorRate: 0.2,
  dropConnectionRate: 0.05,
  lostAnswerRate: 0.05,
  tooManyRequestsBurst: 5,
  notFoundAfterCreateMs: 1500,
};

/**
 * Every API request is refused 429 for this long from the up's first request on. A call used to give up on 429
 * after six attempts, about 4.7 to 9.3 s of backoff: 15 s outlasts that for every call made in its first 5 s, and
 * takes down each resource of the batch such a call carries.
 */
export const SOAK_RATE_LIMITED_MS = 15_000;

/**
 * Starts the 429 period once the simulator has seen the first API request (so that it falls on the up's requests,
 * not on the engine's start-up); returns when it did, or undefined before.
 */
function rateLimitAtFirstRequest(sim: RunningSimulator, ms: number): { stop(): void } {
  const timer = setInterval(() => {
    if (!sim.requests().some((r) => r.kind === 'api')) return;
    sim.setFaults({ tooManyRequestsForMs: ms });
    clearInterval(timer);
  }, 20);
  return { stop: () => clearInterval(timer) };
}

/** Seconds from the first answer of the longest run of 429s to the first answer after it (the last 429 if none). */
function longestRunOf429(requests: LoggedRequest[]): number {
  let longest = 0;
  let runStart: number | undefined;
  let last = 0;
  for (const r of requests) {
    const t = Date.parse(r.time);
    if (r.status === 429) {
      runStart ??= t;
      last = t;
    } else if (runStart !== undefined) {
      longest = Math.max(longest, t - runStart);
      runStart = undefined;
    }
  }
  if (runStart !== undefined) longest = Math.max(longest, last - runStart);
  return longest / 1000;
}

export async function runSoak(options: { webhooks: number; seed: number; log?: (line: string) => void }): Promise<SoakFigures> {
  const log = options.log ?? (() => undefined);
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: 0 });
  const receiver = await startLocalReceiver({ basePath: '/goto' });
  const copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.ts', 'tsconfig.json'], 'soak');
  const env = {
    ...simulatorEnv(sim),
    // A lost create is looked for this long before it is made again: above the lag injected here.
    GOTOWEBINAR_CONSISTENCY_TIMEOUT_SECONDS: '5',
  };
  let stack: EngineStack | undefined;
  try {
    stack = await EngineStack.open({
      workDir: copy.dir,
      stackName: 'soak',
      config: { webhooks: String(options.webhooks), callbackBaseUrl: receiver.baseUrl },
      env,
    });
    sim.setFaults({ ...SOAK_FAULTS, seed: options.seed });
    sim.clearRequests();
    const rateLimit = rateLimitAtFirstRequest(sim, SOAK_RATE_LIMITED_MS);
    let upsNeeded = 0;
    const started = Date.now();
    try {
      for (;;) {
        upsNeeded++;
        try {
          await stack.up();
          break;
        } catch (error) {
          if (!(error instanceof EngineOperationError) || upsNeeded >= 3) throw error;
          log(`  up ${upsNeeded} failed (${error.errors.length} errors): ${error.errors.map((e) => e.message.trim().replace(/\s+/g, ' ')).join(' | ')}`);
        }
      }
    } finally {
      rateLimit.stop();
    }
    const upSeconds = (Date.now() - started) / 1000;
    const requests = sim.requests().filter((r) => r.kind === 'api');
    sim.setFaults({
      serverErrorRate: 0,
      dropConnectionRate: 0,
      lostAnswerRate: 0,
      tooManyRequestsBurst: 0,
      tooManyRequestsForMs: 0,
      notFoundAfterCreateMs: 0,
    });
    const rateLimitedSeconds = longestRunOf429(requests);

    const live = sim.state();
    const inState = new Set((await stack.resources()).map((r) => r.id).filter((id): id is string => !!id));
    const liveKeys = [...live.webhooks.map((w) => w.webhookKey), ...live.userSubscriptions.map((s) => s.userSubscriptionKey)];
    const orphans = liveKeys.filter((k) => !inState.has(k)).length;
    const duplicates = Math.max(0, live.webhooks.length - options.webhooks) + Math.max(0, live.userSubscriptions.length - options.webhooks);

    const preview = await stack.preview({ expectNoChanges: true });
    const previewAfter = checkOps(preview, { otherwise: 'same', count: 2 * options.webhooks });
    await stack.destroy();
    const after = sim.state();
    return {
      resources: 2 * options.webhooks,
      upsNeeded,
      duplicates,
      orphans,
      apiCalls: requests.length,
      failedCalls: requests.filter((r) => r.status === 0 || r.status >= 429).length,
      tooManyRequests: requests.filter((r) => r.status === 429).length,
      rateLimitedSeconds,
      previewAfter,
      leftAfterDestroy: after.webhooks.length + after.userSubscriptions.length,
      upSeconds,
    };
  } finally {
    await stack?.remove();
    copy.remove();
    await receiver.stop();
    await sim.stop();
  }
}

if (require.main === module) {
  const webhooks = Number(process.env.SOAK_WEBHOOKS ?? 25);
  const seed = Number(process.env.SOAK_SEED ?? 7);
  if (!Number.isInteger(webhooks) || webhooks < 1 || !Number.isInteger(seed)) {
    console.error('SOAK_WEBHOOKS must be a whole number of at least 1, SOAK_SEED a whole number');
    process.exit(2);
  }
  const f = SOAK_FAULTS;
  console.log(
    `Soak: ${webhooks} webhooks + ${webhooks} subscriptions under ${f.serverErrorRate! * 100}% 5xx, ` +
      `${f.dropConnectionRate! * 100}% dropped connections, ${f.lostAnswerRate! * 100}% applied-but-unanswered, ` +
      `${SOAK_RATE_LIMITED_MS / 1000} s of 429 then a burst of ${f.tooManyRequestsBurst} × 429, and ` +
      `${f.notFoundAfterCreateMs} ms consistency lag (seed ${seed})`,
  );
  runSoak({ webhooks, seed, log: console.log }).then(
    (r) => {
      console.log(`  resources            ${r.resources}`);
      console.log(`  ups needed           ${r.upsNeeded} (the up that converged took ${r.upSeconds.toFixed(1)} s)`);
      console.log(`  duplicates           ${r.duplicates}`);
      console.log(`  orphans              ${r.orphans}`);
      console.log(`  API calls during up  ${r.apiCalls} (${r.failedCalls} failed, dropped or 429)`);
      console.log(`  longest run of 429s  ${r.rateLimitedSeconds.toFixed(1)} s (${r.tooManyRequests} answers 429 in all)`);
      console.log(`  preview after        ${r.previewAfter.length ? r.previewAfter.join('; ') : 'no changes'}`);
      console.log(`  left after destroy   ${r.leftAfterDestroy}`);
      const ok = r.upsNeeded === 1 && r.duplicates === 0 && r.orphans === 0 && r.previewAfter.length === 0 && r.leftAfterDestroy === 0;
      console.log(ok ? 'Soak passed: one up converged.' : 'Soak FAILED');
      process.exit(ok ? 0 : 1);
    },
    (error: unknown) => {
      console.error(`Soak FAILED: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
