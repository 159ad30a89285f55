/**
 * `npm run bench:forms`: coalescing in both forms the package is loaded in, side by side in one run. A stack of N
 * webhooks, each with a subscription (bench/fixture), goes through `pulumi up` and `pulumi destroy` under the real
 * engine, against the simulator with GoTo's 10 requests/s enforced and 80 ms of latency per request,
 * `--parallel 256`, in four runs per size:
 * - the package **linked** (a symlink in the project's node_modules, as `npm link` and workspaces make it: outside
 *   node_modules, so the SDK serializes the provider by value: the compact object, provider/resources/shim.ts),
 *   coalescing off and on;
 * - the package **installed** (the packed tarball unpacked into the project's node_modules: `__provider` is one
 *   `require`), coalescing off and on.
 * Coalescing off is `gotowebinar:maxBatchSize 1` (GOTOWEBINAR_MAX_BATCH_SIZE=1). Prints, per run and phase, wall
 * time, the time from the engine's first step on our resources to the last one done (the wall time less the CLI's,
 * the program's and the plugins' start, which dominate small stacks on a loaded machine) and API calls; then one table
 * with each run's times as a ratio to coalescing off in the same form and size (coalescing must never cost time, in
 * any form or size), the `__provider` length per type and the state per resource.
 *
 *   BENCH_SIZES=100,300     sizes (default 100,300)
 *   BENCH_FORMS=linked      forms to run (default linked,installed)
 *   BENCH_REPEAT=3          rounds of the whole matrix (default 1); the table shows each cell's median, then every
 *                           round's figures (the machine may be shared: one round is noisy)
 *   BENCH_LATENCY_MS=80     added latency per API request (default 80)
 *   BENCH_RATE=10           requests per second per token (default 10, GoTo's; 0 = off)
 *   BENCH_PARALLEL=256      the engine's --parallel (default 256)
 *   BENCH_CHECKPOINT_LOG=1  also print, per phase, how often the engine wrote its checkpoint and how long apart
 *
 * Runs use working copies under .state/work/ with a file backend of their own, removed afterwards. Like
 * bench/stacks.ts it fails only when a phase fails or does not do what it must.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineOperationError, EngineStack, type RunResult } from '../tools/pulumi/automation';
import { workCopy } from '../tools/pulumi/work-copy';
import { linkInto, unpackInto } from '../tools/package/pack';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps, describeCounts, opCounts } from '../scripts/plan-checks';
import { simulatorEnv } from '../scripts/sim-env';
import { Heartbeat } from './progress';
import { fmtMs, intEnv, listEnv } from './env';

// Copied from bench/stacks.ts, which exports nothing (it runs on load): the fixture and how a run sets it up.
const FIXTURE = path.join(__dirname, 'fixture');
const FIXTURE_FILES = ['Pulumi.yaml', 'index.ts', 'tsconfig.json'];

type Form = 'linked' | 'installed';
type Phase = 'up' | 'destroy';
const PHASES: Phase[] = ['up', 'destroy'];

interface RunSpec {
  size: number;
  form: Form;
  coalesce: boolean;
}

interface PhaseFigures {
  ms: number;
  /** From the engine's first step on one of our resources to the last one done: the wall time less the engine's and the program's start. */
  stepsMs: number;
  calls: number;
  tooMany: number;
  /** Checkpoint writes the engine made, and their median and longest gap (ms). */
  checkpoints?: { writes: number; medianGapMs: number; maxGapMs: number };
}

interface RunFigures {
  spec: RunSpec;
  round: number;
  phases: Record<Phase, PhaseFigures>;
  /** Length of one `__provider` text per resource type (characters), and bytes of one resource as stored. */
  provider: Record<string, number>;
  bytesPerResource: number;
}

function label(r: RunSpec): string {
  return `${r.size} + ${r.size}, ${r.form}, coalescing ${r.coalesce ? 'on' : 'off'}`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Watches the file backend's stack directory: each checkpoint the engine writes replaces `<stack>.json` (the
 * backend writes it afresh, after copying the old one to `.json.bak`). Returns when each write was seen.
 */
function watchCheckpoints(backendDir: string): { stop(): number[] } {
  const dir = path.join(backendDir, '.pulumi', 'stacks');
  const seen: number[] = [];
  const watchers: fs.FSWatcher[] = [];
  const watch = (d: string) => {
    try {
      watchers.push(
        fs.watch(d, (_event, file) => {
          if (file && /\.json$/.test(String(file))) seen.push(Date.now());
        }),
      );
    } catch {
      // not there yet
    }
  };
  for (const project of fs.existsSync(dir) ? fs.readdirSync(dir) : []) watch(path.join(dir, project));
  return {
    stop: () => {
      for (const w of watchers) w.close();
      // One write shows as several events a few ms apart; count writes at least 2 ms apart.
      return seen.filter((t, i) => i === 0 || t - seen[i - 1]! >= 2);
    },
  };
}

function checkpointFigures(times: number[]): PhaseFigures['checkpoints'] {
  if (times.length < 2) return { writes: times.length, medianGapMs: 0, maxGapMs: 0 };
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  return { writes: times.length, medianGapMs: median(gaps), maxGapMs: Math.max(...gaps) };
}

type StateResource = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

function providerFigures(resources: StateResource[]): Pick<RunFigures, 'provider' | 'bytesPerResource'> {
  const ours = resources.filter((r) => r.type.includes('gotowebinar'));
  const provider: Record<string, number> = {};
  for (const r of ours) {
    const text = r.outputs?.__provider ?? r.inputs?.__provider;
    if (typeof text === 'string') provider[r.type.split(':').pop()!] = text.length;
  }
  const bytes = ours.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  return { provider, bytesPerResource: ours.length ? Math.round(bytes / ours.length) : 0 };
}

async function runPhase(sim: RunningSimulator, stack: EngineStack, heartbeat: Heartbeat, phase: Phase, size: number): Promise<PhaseFigures> {
  sim.clearRequests();
  heartbeat.begin(phase, size * 2);
  const watcher = intEnv('BENCH_CHECKPOINT_LOG', 0) ? watchCheckpoints(stack.backendDir) : undefined;
  let result: RunResult;
  try {
    result = phase === 'up' ? await stack.up() : await stack.destroy();
  } catch (error) {
    heartbeat.end();
    watcher?.stop();
    if (!(error instanceof EngineOperationError)) throw error;
    throw new Error(`${phase} of ${size} failed: ${error.message}\n--- last of the engine's output ---\n${error.result.stdout.slice(-4000)}`);
  }
  const timings = heartbeat.end();
  const times = watcher?.stop();
  const checkpoints = times ? checkpointFigures(times) : undefined;
  const problems = checkOps(result, { otherwise: phase === 'up' ? 'create' : 'delete', count: size * 2 });
  if (problems.length) throw new Error(`${phase} of ${size} did not do what it must:\n  ${problems.slice(0, 10).join('\n  ')}`);
  const requests: LoggedRequest[] = sim.requests();
  const stepsMs = (timings.lastDoneMs ?? result.durationMs) - (timings.firstStepMs ?? 0);
  const tooMany = requests.filter((r) => r.status === 429).length;
  console.log(
    `    ${phase}: ${fmtMs(result.durationMs)} (steps ${fmtMs(stepsMs)}), ${requests.length} API calls, ${tooMany} × 429 ` +
      `(${describeCounts(opCounts(result))})` +
      (checkpoints ? `; ${checkpoints.writes} checkpoint writes, median ${checkpoints.medianGapMs} ms apart, longest gap ${checkpoints.maxGapMs} ms` : ''),
  );
  return { ms: result.durationMs, stepsMs, calls: requests.length, tooMany, checkpoints };
}

async function benchRun(sim: RunningSimulator, spec: RunSpec, round: number, parallel: number): Promise<RunFigures> {
  sim.reset();
  const receiver = await startLocalReceiver({ basePath: '/bench' });
  const copy = workCopy(FIXTURE, FIXTURE_FILES, `forms-${spec.form}-${spec.size}`);
  // A project of its own (see bench/stacks.ts): without it, Node resolves the package as this repository's self-reference.
  fs.writeFileSync(path.join(copy.dir, 'package.json'), JSON.stringify({ name: 'gotowebinar-bench', private: true }));
  if (spec.form === 'linked') linkInto(copy.dir);
  else await unpackInto(copy.dir);
  const heartbeat = new Heartbeat('      ', process.stdout, 10_000);
  const env = { ...simulatorEnv(sim), GOTOWEBINAR_MAX_BATCH_SIZE: spec.coalesce ? undefined : '1' };
  let stack: EngineStack | undefined;
  const phases = {} as Record<Phase, PhaseFigures>;
  let state: Pick<RunFigures, 'provider' | 'bytesPerResource'> = { provider: {}, bytesPerResource: 0 };
  try {
    stack = await EngineStack.open({
      workDir: copy.dir,
      stackName: 'bench',
      config: { webhooks: String(spec.size), callbackBaseUrl: receiver.baseUrl, form: 'dynamic' },
      env,
      parallel,
      onEvent: heartbeat.onEvent,
    });
    for (const phase of PHASES) {
      phases[phase] = await runPhase(sim, stack, heartbeat, phase, spec.size);
      if (phase === 'up') state = providerFigures((await stack.resources()) as StateResource[]);
    }
  } finally {
    await stack?.remove();
    copy.remove();
    await receiver.stop();
  }
  if (sim.state().webhooks.length || sim.state().userSubscriptions.length) {
    throw new Error(`destroy of ${spec.size} left objects behind`);
  }
  return { spec, round, phases, ...state };
}

function report(all: RunFigures[], latencyMs: number, rate: number, parallel: number): void {
  const rounds = Math.max(...all.map((r) => r.round)) + 1;
  console.log(
    `\n== Coalescing by form (latency ${latencyMs} ms, ${rate ? `${rate} requests/s enforced` : 'no rate limit'}, --parallel ${parallel}; ` +
      `wall / API calls${rounds > 1 ? `, median of ${rounds} rounds` : ''}; × = wall ÷ coalescing off in the same form and size; ` +
      `steps × = the same from the first step to the last, without the engine's and the program's start)`,
  );
  const key = (s: RunSpec) => `${s.size}|${s.form}|${s.coalesce}`;
  const cells = new Map<string, RunFigures[]>();
  for (const r of all) cells.set(key(r.spec), [...(cells.get(key(r.spec)) ?? []), r]);
  console.log(
    `  ${'size'.padEnd(11)}${'form'.padEnd(11)}${'coalescing'.padEnd(12)}${'up'.padStart(14)}${'×'.padStart(6)}${'steps ×'.padStart(9)}` +
      `${'destroy'.padStart(14)}${'×'.padStart(6)}${'steps ×'.padStart(9)}  __provider (chars)                    state/resource`,
  );
  const slower: string[] = [];
  for (const runs of cells.values()) {
    const { size, form, coalesce } = runs[0]!.spec;
    const off = cells.get(key({ size, form, coalesce: false }));
    const cell = (p: Phase) => {
      const ms = median(runs.map((r) => r.phases[p].ms));
      const steps = median(runs.map((r) => r.phases[p].stepsMs));
      const calls = median(runs.map((r) => r.phases[p].calls));
      const x = off ? ms / median(off.map((r) => r.phases[p].ms)) : undefined;
      const xs = off ? steps / median(off.map((r) => r.phases[p].stepsMs)) : undefined;
      if (coalesce && x !== undefined && x >= 1) slower.push(`${size} + ${size} ${form} ${p}: ${x.toFixed(2)}`);
      const f = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2));
      return `${`${fmtMs(ms)} / ${calls}`.padStart(14)}${f(x).padStart(6)}${f(xs).padStart(9)}`;
    };
    const provider = Object.entries(runs[0]!.provider).map(([t, n]) => `${t} ${n}`).join(', ');
    console.log(
      `  ${`${size} + ${size}`.padEnd(11)}${form.padEnd(11)}${(coalesce ? 'on' : 'off').padEnd(12)}${cell('up')}${cell('destroy')}  ` +
        `${provider.padEnd(38)}${(runs[0]!.bytesPerResource / 1024).toFixed(1)} KiB`,
    );
  }
  if (rounds > 1) {
    console.log('\n  each round (up; destroy):');
    for (const runs of cells.values()) {
      const { size, form, coalesce } = runs[0]!.spec;
      console.log(
        `  ${`${size} + ${size} ${form} ${coalesce ? 'on' : 'off'}`.padEnd(32)}` +
          `${runs.map((r) => fmtMs(r.phases.up.ms)).join(', ')}; ${runs.map((r) => fmtMs(r.phases.destroy.ms)).join(', ')}`,
      );
    }
  }
  console.log(slower.length ? `\nSlower with coalescing on: ${slower.join('; ')}` : '\nCoalescing on took less time than off in every form, size and phase above.');
}

async function main(): Promise<void> {
  const sizes = listEnv('BENCH_SIZES', '100,300').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_SIZES must list whole numbers, got "${s}"`);
    return n;
  });
  const forms = listEnv('BENCH_FORMS', 'linked,installed').map((f) => {
    if (f !== 'linked' && f !== 'installed') throw new Error(`BENCH_FORMS must list linked and/or installed, got "${f}"`);
    return f as Form;
  });
  const rounds = Math.max(1, intEnv('BENCH_REPEAT', 1));
  const latencyMs = intEnv('BENCH_LATENCY_MS', 80);
  const rate = intEnv('BENCH_RATE', 10);
  const parallel = Math.max(1, intEnv('BENCH_PARALLEL', 256));
  const specs: RunSpec[] = [];
  for (const size of sizes) for (const form of forms) for (const coalesce of [false, true]) specs.push({ size, form, coalesce });
  console.log(
    `Coalescing by form: ${sizes.map((s) => `${s} + ${s}`).join(', ')}; ${forms.join(' and ')}; coalescing off and on; ` +
      `${rounds} round${rounds === 1 ? '' : 's'}; ${latencyMs} ms latency, ${rate ? `${rate} requests/s` : 'no rate limit'}, --parallel ${parallel}.`,
  );
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: rate, faults: { latencyMs } });
  const all: RunFigures[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const spec of specs) {
        console.log(`\n== ${label(spec)}${rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''}`);
        all.push(await benchRun(sim, spec, round, parallel));
      }
    }
  } finally {
    await sim.stop();
  }
  report(all, latencyMs, rate, parallel);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
