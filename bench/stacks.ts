/**
 * `npm run bench`: how stacks of 100 and 1000 webhooks (each with a subscription) fare under the real Pulumi engine
 * (tools/pulumi/automation.ts) through preview, up, a no-op `preview --expect-no-changes` and destroy against the
 * simulator with GoTo's limit of 10 requests/s enforced and a realistic latency, with request coalescing off
 * (`gotowebinar:maxBatchSize 1`) and on (the default) side by side in the same run, at the engine's default
 * --parallel and at 256. A last run per size, coalescing on, is against an API with no latency and no limit: what
 * remains there is the engine's own time. Prints, per run: wall time per phase, API calls by operation (the
 * simulator's request log), 429s seen, the size of `__provider` per resource and of the state file (the file
 * backend's checkpoint); then the on/off comparison with ratios. A benchmark that prints figures, not a test: it
 * fails only when a phase fails or does not do what it must (e.g. the no-op preview plans a change, or destroy
 * leaves objects in the simulator).
 *
 *   BENCH_SIZES=10,100      sizes (default 100,1000; 1000 takes many minutes with coalescing off)
 *   BENCH_LATENCY_MS=80     added latency per API request (default 80)
 *   BENCH_RATE=10           requests per second per token (default 10, GoTo's; 0 = off)
 *   BENCH_PARALLEL=8,256    the engine's --parallel values (default: the engine's own, 4 × CPUs, and 256)
 *   BENCH_COALESCE=off,on   which modes to run (default off,on)
 *   BENCH_ENGINE_ONLY=1     also the run without latency and limit (default 1; 0 skips it)
 *   BENCH_PREVIEW=0         skip the first preview (default 1; at 1000 webhooks it takes minutes and calls nothing)
 *   BENCH_BATCH_LOG=1       also print, per phase, the size and time of every write request (how calls were batched)
 *   BENCH_NATIVE=0          skip the run of the native provider (default 1: coalescing on, beside the dynamic form)
 *
 * The fixture is bench/fixture (the webhook count comes from config); each size runs on a working copy of it under
 * .state/work/ with a file backend of its own, both removed afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineOperationError, EngineStack, type RunResult } from '../tools/pulumi/automation';
import { workCopy } from '../tools/pulumi/work-copy';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps, describeCounts, opCounts } from '../scripts/plan-checks';
import { simulatorEnv } from '../scripts/sim-env';
import { Heartbeat, type PhaseTimings } from './progress';

const FIXTURE = path.join(__dirname, 'fixture');
const FIXTURE_FILES = ['Pulumi.yaml', 'index.ts', 'tsconfig.json'];
const PHASES = ['preview', 'up', 'no-op preview', 'destroy'] as const;
type Phase = (typeof PHASES)[number];

interface PhaseFigures {
  phase: Phase;
  ms: number;
  calls: number;
  byOperation: Record<string, number>;
  tooMany: number;
  plan: string;
  timings: PhaseTimings;
  warnings: number;
}

interface ProviderFigures {
  /** Average length of one `__provider` text. */
  bytes: number;
  distinct: number;
  /** Resources of the type. */
  count: number;
  /** Copies per resource in the state: in `inputs`, in `outputs`, or both. */
  where: string;
}

interface SizeFigures {
  size: number;
  run: RunSpec;
  phases: PhaseFigures[];
  provider: Record<string, ProviderFigures>;
  stateBytes: number;
  /** Average bytes of one webhook or subscription in the state file (its whole entry, as stored). */
  bytesPerResource: number;
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

/** One stack run through every phase: its size, the engine's --parallel, coalescing, and whether the API is ideal. */
interface RunSpec {
  parallel: number;
  coalesce: boolean;
  /** No latency and no rate limit: the engine's own time. */
  engineOnly: boolean;
  /** The dynamic resources, or the same resources on the native provider. */
  form: 'dynamic' | 'native';
}

function runLabel(r: RunSpec): string {
  return `${r.form}, parallel ${r.parallel}, coalescing ${r.coalesce ? 'on' : 'off'}${r.engineOnly ? ', no latency or limit' : ''}`;
}

function listEnv(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

function sizesFromEnv(): number[] {
  const raw = process.env.BENCH_SIZES ?? '100,1000';
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_SIZES must list whole numbers, e.g. 10,100; got "${raw}"`);
  return sizes;
}

/** `GET /G2W/rest/v2/webhooks/8250000000000000123` → `GET /webhooks/{key}`; OAuth as `POST /oauth/token`. */
function operationOf(r: LoggedRequest): string {
  const p = r.path.replace(/^\/G2W\/rest\/v2/, '').replace(/\/\d+(?=\/|$)/g, '/{key}');
  return `${r.method} ${p}`;
}

function summarize(requests: LoggedRequest[]): { calls: number; byOperation: Record<string, number>; tooMany: number } {
  const byOperation: Record<string, number> = {};
  for (const r of requests) byOperation[operationOf(r)] = (byOperation[operationOf(r)] ?? 0) + 1;
  return { calls: requests.length, byOperation, tooMany: requests.filter((r) => r.status === 429).length };
}

/** `+1.234s DELETE /userSubscriptions ×17`: when each write request came (from the first) and what it carried. */
function printBatches(requests: LoggedRequest[]): void {
  const writes = requests.filter((r) => r.kind === 'api' && r.method !== 'GET');
  const t0 = writes.length ? Date.parse(writes[0]!.time) : 0;
  for (const r of writes) {
    const n = Array.isArray(r.body) ? r.body.length : 1;
    console.log(`      +${((Date.parse(r.time) - t0) / 1000).toFixed(3)}s ${operationOf(r)} ×${n} → ${r.status}`);
  }
}

function fmtMs(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${((ms % 60_000) / 1000).toFixed(0).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`;
}

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

/**
 * `__provider` text per resource type, from the state file (the file backend's checkpoint): size, how many
 * distinct texts, how many resources, and whether it is kept in the inputs, the outputs or both.
 */
function providerSizes(stateFile: string): { provider: SizeFigures['provider']; stateBytes: number; bytesPerResource: number } {
  const text = fs.readFileSync(stateFile, 'utf8');
  type StateResource = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  const parsed = JSON.parse(text) as { checkpoint?: { latest?: { resources?: StateResource[] } }; resources?: StateResource[] };
  const resources = parsed.checkpoint?.latest?.resources ?? parsed.resources ?? [];
  const byType = new Map<string, { texts: string[]; inInputs: number; inOutputs: number }>();
  const ours = resources.filter((r) => r.type.includes('gotowebinar'));
  const bytesPerResource = ours.length ? Math.round(ours.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r, null, 4)), 0) / ours.length) : 0;
  for (const r of resources) {
    const fromInputs = r.inputs?.__provider;
    const fromOutputs = r.outputs?.__provider;
    const p = typeof fromOutputs === 'string' ? fromOutputs : fromInputs;
    if (typeof p !== 'string') continue;
    const type = r.type.split(':').pop() ?? r.type;
    const entry = byType.get(type) ?? { texts: [], inInputs: 0, inOutputs: 0 };
    entry.texts.push(p);
    if (typeof fromInputs === 'string') entry.inInputs++;
    if (typeof fromOutputs === 'string') entry.inOutputs++;
    byType.set(type, entry);
  }
  const provider: SizeFigures['provider'] = {};
  for (const [type, { texts, inInputs, inOutputs }] of byType) {
    const n = texts.length;
    provider[type] = {
      bytes: Math.round(texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / n),
      distinct: new Set(texts).size,
      count: n,
      where: inInputs === n && inOutputs === n ? 'inputs and outputs' : inOutputs === n ? 'outputs' : inInputs === n ? 'inputs' : `inputs ${inInputs}, outputs ${inOutputs}`,
    };
  }
  return { provider, stateBytes: Buffer.byteLength(text), bytesPerResource };
}

async function runPhase(
  sim: RunningSimulator,
  stack: EngineStack,
  heartbeat: Heartbeat,
  phase: Phase,
  size: number,
): Promise<PhaseFigures> {
  sim.clearRequests();
  heartbeat.begin(phase, size * 2);
  let result: RunResult;
  try {
    result =
      phase === 'up'
        ? await stack.up()
        : phase === 'destroy'
          ? await stack.destroy()
          : await stack.preview(phase === 'no-op preview' ? { expectNoChanges: true } : {});
  } catch (error) {
    heartbeat.end();
    if (!(error instanceof EngineOperationError)) throw error;
    const errors = error.errors.map((e) => `${e.urn ? `${e.urn.slice(e.urn.lastIndexOf('::') + 2)}: ` : ''}${e.message.trim()}`);
    const planned = describeCounts(opCounts(error.result));
    throw new Error(
      `${phase} of ${size} failed: ${error.message} (steps reported: ${planned})` +
        (errors.length ? `\n  ${errors.slice(0, 10).join('\n  ')}` : '') +
        `\n--- last of the engine's output ---\n${error.result.stdout.slice(-4000)}`,
    );
  }
  const timings = heartbeat.end();
  if (intEnv('BENCH_BATCH_LOG', 0)) printBatches(sim.requests());
  const expected = { preview: 'create', up: 'create', 'no-op preview': 'same', destroy: 'delete' } as const;
  const problems = checkOps(result, { otherwise: expected[phase], count: size * 2 });
  if (problems.length) throw new Error(`${phase} of ${size} did not do what it must:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return {
    phase,
    ms: result.durationMs,
    ...summarize(sim.requests()),
    plan: describeCounts(opCounts(result)),
    timings,
    warnings: result.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

async function benchSize(sim: RunningSimulator, size: number, run: RunSpec): Promise<SizeFigures> {
  sim.reset();
  const receiver = await startLocalReceiver({ basePath: '/bench' });
  const copy = workCopy(FIXTURE, FIXTURE_FILES, `bench-${size}`);
  if (run.form === 'native') {
    // As a user points a project at the plugin (docs/native-provider.md); here the repository's own bin/.
    const plugin = ['plugins:', '  providers:', '    - name: gotowebinar', `      path: ${path.join(__dirname, '..', 'bin')}`, ''];
    fs.appendFileSync(path.join(copy.dir, 'Pulumi.yaml'), plugin.join('\n'));
  }
  const heartbeat = new Heartbeat('    ', process.stdout, 5000);
  const env = { ...simulatorEnv(sim), GOTOWEBINAR_MAX_BATCH_SIZE: run.coalesce ? undefined : '1' };
  const parallel = run.parallel;
  const measured: PhaseFigures[] = [];
  let sizes: ReturnType<typeof providerSizes> | undefined;
  let stack: EngineStack | undefined;
  try {
    stack = await EngineStack.open({
      workDir: copy.dir,
      stackName: 'bench',
      config: { webhooks: String(size), callbackBaseUrl: receiver.baseUrl, form: run.form },
      env,
      parallel,
      onEvent: heartbeat.onEvent,
    });
    const phases = PHASES.filter((p) => p !== 'preview' || intEnv('BENCH_PREVIEW', 1) !== 0);
    for (const phase of phases) {
      console.log(`  ${phase} …`);
      const figures = await runPhase(sim, stack, heartbeat, phase, size);
      measured.push(figures);
      console.log(
        `  ${phase}: ${fmtMs(figures.ms)}, ${figures.calls} API calls, ${figures.tooMany} × 429 (${figures.plan}; ` +
          `engine up ${fmtMs(figures.timings.preludeMs ?? 0)}, ` +
          (figures.timings.programMs === undefined ? '' : `program running ${fmtMs(figures.timings.programMs)}, `) +
          `first step ${fmtMs(figures.timings.firstStepMs ?? figures.ms)}, last done ${fmtMs(figures.timings.lastDoneMs ?? figures.ms)}, ` +
          `at most ${figures.timings.maxInFlight} in flight` +
          `${figures.warnings ? `; ${figures.warnings} warnings` : ''})`,
      );
      // Measured once everything exists: the no-op preview does not change state.
      if (phase === 'no-op preview') sizes = providerSizes(stack.stateFile());
    }
  } finally {
    await stack?.remove();
    copy.remove();
    await receiver.stop();
  }
  if (sim.state().webhooks.length || sim.state().userSubscriptions.length) {
    throw new Error(
      `destroy of ${size} left objects behind: ${sim.state().webhooks.length} webhooks, ${sim.state().userSubscriptions.length} subscriptions`,
    );
  }
  return { size, run, phases: measured, ...sizes! };
}

function report(all: SizeFigures[], latencyMs: number, rate: number): void {
  console.log(
    `\n== Results under the Pulumi engine (latency ${latencyMs} ms per request, ` +
      `${rate ? `${rate} requests/s per token enforced` : 'no rate limit'}, except in the runs without)`,
  );
  for (const s of all) {
    console.log(`\n${s.size} webhooks + ${s.size} subscriptions (${s.size * 2} resources), ${runLabel(s.run)}`);
    console.log(`  ${'phase'.padEnd(14)} ${'wall'.padStart(8)} ${'1st step'.padStart(8)} ${'calls'.padStart(6)} ${'calls/s'.padStart(8)} ${'429s'.padStart(5)} ${'steps∥'.padStart(6)}  API calls by operation`);
    for (const p of s.phases) {
      const ops = Object.entries(p.byOperation)
        .sort(([, a], [, b]) => b - a)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ');
      const rateSeen = p.ms > 0 ? (p.calls / (p.ms / 1000)).toFixed(1) : '-';
      console.log(
        `  ${p.phase.padEnd(14)} ${fmtMs(p.ms).padStart(8)} ${fmtMs(p.timings.firstStepMs ?? p.ms).padStart(8)} ${String(p.calls).padStart(6)} ` +
          `${rateSeen.padStart(8)} ${String(p.tooMany).padStart(5)} ${String(p.timings.maxInFlight).padStart(6)}  ${ops || '-'}`,
      );
    }
    const provider = Object.entries(s.provider)
      .map(([type, f]) => `${type} ${fmtBytes(f.bytes)} (${f.distinct} distinct text${f.distinct === 1 ? '' : 's'} over ${f.count}, in ${f.where})`)
      .join('; ');
    console.log(
      `  state: ${fmtBytes(s.bytesPerResource)} per resource, state file ${fmtBytes(s.stateBytes)}` +
        (provider ? `; __provider per resource: ${provider}` : ''),
    );
  }
  console.log(
    `\n(1st step: from the start of the operation to the engine's first step on one of the stack's resources, i.e. the CLI, ` +
      `the program and the plugins starting; steps∥: most resource steps in flight at once; a preview's diffs run before its steps start)`,
  );
  compare(all);
  compareForms(all);
}

/** The dynamic form against the native one (coalescing on, same --parallel): time, calls and state bytes. */
function compareForms(all: SizeFigures[]): void {
  const rows: string[] = [];
  for (const n of all.filter((s) => s.run.form === 'native')) {
    const d = all.find((s) => s.size === n.size && s.run.parallel === n.run.parallel && s.run.form === 'dynamic' && s.run.coalesce && !s.run.engineOnly);
    if (!d) continue;
    rows.push(
      `  ${String(n.size).padStart(5)} ${String(n.run.parallel).padStart(8)}  ${'state/resource'.padEnd(14)}` +
        `${fmtBytes(d.bytesPerResource).padStart(16)}${fmtBytes(n.bytesPerResource).padStart(16)}${(n.bytesPerResource / d.bytesPerResource).toFixed(2).padStart(8)}`,
    );
    for (const p of n.phases) {
      const q = d.phases.find((x) => x.phase === p.phase);
      if (!q) continue;
      rows.push(
        `  ${String(n.size).padStart(5)} ${String(n.run.parallel).padStart(8)}  ${p.phase.padEnd(14)}` +
          `${`${fmtMs(q.ms)} / ${q.calls}`.padStart(16)}${`${fmtMs(p.ms)} / ${p.calls}`.padStart(16)}${(p.ms / q.ms).toFixed(2).padStart(8)}`,
      );
    }
  }
  if (!rows.length) return;
  console.log('\n== Dynamic against native (coalescing on; wall / API calls, and state bytes per resource; ratio native ÷ dynamic)');
  console.log(`  ${'size'.padStart(5)} ${'parallel'.padStart(8)}  ${'phase'.padEnd(14)}${'dynamic'.padStart(16)}${'native'.padStart(16)}${'×'.padStart(8)}`);
  for (const r of rows) console.log(r);
}

/** Coalescing off against on, per size and --parallel, with the engine-only time beside. */
function compare(all: SizeFigures[]): void {
  const find = (size: number, parallel: number, coalesce: boolean, engineOnly: boolean) =>
    all.find(
      (s) => s.size === size && s.run.parallel === parallel && s.run.coalesce === coalesce && s.run.engineOnly === engineOnly && s.run.form === 'dynamic',
    );
  const rows: string[] = [];
  for (const s of all) {
    if (!s.run.coalesce || s.run.engineOnly || s.run.form !== 'dynamic') continue;
    const off = find(s.size, s.run.parallel, false, false);
    const ideal = find(s.size, s.run.parallel, true, true);
    for (const p of s.phases) {
      const o = off?.phases.find((x) => x.phase === p.phase);
      const e = ideal?.phases.find((x) => x.phase === p.phase);
      rows.push(
        `  ${String(s.size).padStart(5)} ${String(s.run.parallel).padStart(8)}  ${p.phase.padEnd(14)}` +
          `${(o ? `${fmtMs(o.ms)} / ${o.calls}` : '-').padStart(16)}${`${fmtMs(p.ms)} / ${p.calls}`.padStart(16)}` +
          `${(o ? `${(p.ms / o.ms).toFixed(2)}` : '-').padStart(8)}${(o ? `${(p.calls / Math.max(1, o.calls)).toFixed(3)}` : '-').padStart(9)}` +
          `${(e ? fmtMs(e.ms) : '-').padStart(12)}`,
      );
    }
  }
  if (!rows.length) return;
  console.log('\n== Coalescing: off against on (wall / API calls; ratios on ÷ off; engine only: on, no latency or limit)');
  console.log(`  ${'size'.padStart(5)} ${'parallel'.padStart(8)}  ${'phase'.padEnd(14)}${'off'.padStart(16)}${'on'.padStart(16)}${'time ×'.padStart(8)}${'calls ×'.padStart(9)}${'engine only'.padStart(12)}`);
  for (const r of rows) console.log(r);
}

async function main(): Promise<void> {
  const sizes = sizesFromEnv();
  const latencyMs = intEnv('BENCH_LATENCY_MS', 80);
  const rate = intEnv('BENCH_RATE', 10);
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  // The engine's default --parallel is 4 × CPUs; passing it explicitly is the same as passing nothing.
  const parallels = listEnv('BENCH_PARALLEL', `${cpus * 4},256`).map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_PARALLEL must list whole numbers of 1 or more, got "${v}"`);
    return n;
  });
  const modes = listEnv('BENCH_COALESCE', 'off,on').map((m) => {
    if (m !== 'on' && m !== 'off') throw new Error(`BENCH_COALESCE must list on and/or off, got "${m}"`);
    return m === 'on';
  });
  const engineOnly = intEnv('BENCH_ENGINE_ONLY', 1) !== 0;
  const native = intEnv('BENCH_NATIVE', 1) !== 0;
  const runs: RunSpec[] = [];
  for (const parallel of parallels) {
    for (const coalesce of modes) runs.push({ parallel, coalesce, engineOnly: false, form: 'dynamic' });
    if (engineOnly) runs.push({ parallel, coalesce: true, engineOnly: true, form: 'dynamic' });
    if (native) runs.push({ parallel, coalesce: true, engineOnly: false, form: 'native' });
  }
  console.log(
    `Benchmark: stacks of ${sizes.join(', ')} webhooks (each with a subscription) against the simulator, ` +
      `${latencyMs} ms latency, ${rate ? `${rate} requests/s` : 'no rate limit'}, under the Pulumi engine ` +
      `(default --parallel here: ${cpus * 4} = 4 × ${cpus} CPUs).\nRuns per size: ${runs.map(runLabel).join('; ')}.`,
  );
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: rate, faults: { latencyMs } });
  const all: SizeFigures[] = [];
  try {
    for (const size of sizes) {
      for (const run of runs) {
        console.log(`\n== ${size} webhooks, ${runLabel(run)}`);
        sim.setFaults({ latencyMs: run.engineOnly ? 0 : latencyMs });
        sim.setRateLimit(run.engineOnly ? 0 : rate);
        const started = Date.now();
        all.push(await benchSize(sim, size, run));
        console.log(`  (${fmtMs(Date.now() - started)} in all)`);
      }
    }
  } finally {
    await sim.stop();
  }
  report(all, latencyMs, rate);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
