/**
 * `npm run bench`: what one native plugin process holds (plugin-memory.ts), what 40 organizers cost written three
 * ways (organizers.ts), then how stacks of 100 and 1000 webhooks (each with a subscription) fare under the real Pulumi engine
 * (tools/pulumi/automation.ts) through preview, up, a no-op `preview --expect-no-changes` and destroy against the
 * simulator with GoTo's limit of 10 requests/s enforced and a realistic latency. The fixture's program uses the
 * package as a user installs it: the packed tarball unpacked into the fixture's own node_modules, so `__provider`
 * is what users' state holds. Side by side in one run, per size and --parallel:
 * - coalescing off (`gotowebinar:maxBatchSize 1`);
 * - the package linked (`npm link`, a symlink: outside node_modules, so `__provider` is the provider object by
 *   value, the long text every stack had before 0.2), coalescing on;
 * - the package installed (the short `__provider`), coalescing on: the reference run;
 * - the same against an API with no latency and no limit: what remains is the engine's own time;
 * - the same resources on the native provider;
 * - the reference run with each of the file backend's options (BENCH_BACKENDS): compressed checkpoints, no
 *   integrity check, no checkpoints until the end.
 * Prints, per run: wall time per phase, API calls by operation (the simulator's request log), 429s seen, the size
 * of `__provider` per resource and of the state file; then one table per size with every run against coalescing
 * off. A benchmark that prints figures, not a test: it fails only when a phase fails or does not do what it must
 * (e.g. the no-op preview plans a change, or destroy leaves objects in the simulator).
 *
 *   BENCH_SIZES=10,100      sizes (default 100,1000; 1000 takes well over an hour)
 *   BENCH_LATENCY_MS=80     added latency per API request (default 80)
 *   BENCH_RATE=10           requests per second per token (default 10, GoTo's; 0 = off)
 *   BENCH_PARALLEL=8,256    the engine's --parallel values (default 256; the engine's own is 4 × CPUs)
 *   BENCH_COALESCE=off,on   which coalescing modes to run for the installed package (default off,on)
 *   BENCH_LINKED=0          skip the run with the package linked, i.e. the long `__provider` (default 1)
 *   BENCH_ENGINE_ONLY=0     skip the run without latency and limit (default 1)
 *   BENCH_NATIVE=0          skip the run of the native provider (default 1)
 *   BENCH_BACKENDS=zstd     file backend options to run (default zstd,gzip,no-integrity,skip-checkpoints; '' none)
 *   BENCH_PREVIEW=0         skip the first preview (default 1; at 1000 webhooks it takes minutes and calls nothing)
 *   BENCH_BATCH_LOG=1       also print, per phase, the size and time of every write request (how calls were batched)
 *   BENCH_ORGANIZERS=40     the many-organizers case (bench/organizers.ts): N organizers each subscribed to every
 *                           webhook, written three ways; 0 skips it (default 40, run before the sizes)
 *   BENCH_ORGANIZER_WEBHOOKS=5        its webhooks (default 5)
 *   BENCH_ORGANIZER_FORMS=dynamic,native,native-providers   which ways to write it (default all three)
 *   BENCH_PLUGIN_MEMORY=0   skip the reading of one native plugin process's memory (bench/plugin-memory.ts; default 1,
 *                           run first, seconds)
 *   BENCH_SIZES=            (empty) no stack of N webhooks: only the cases above
 *
 * The fixture is bench/fixture (the webhook count comes from config); each run uses a working copy of it under
 * .state/work/ with a file backend of its own, both removed afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineOperationError, EngineStack, type RunResult } from '../tools/pulumi/automation';
import { workCopy } from '../tools/pulumi/work-copy';
import { linkInto, unpackInto } from '../tools/package/pack';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps, describeCounts, opCounts } from '../scripts/plan-checks';
import { simulatorEnv } from '../scripts/sim-env';
import { Heartbeat, type PhaseTimings } from './progress';
import { benchOrganizers, FORMS, type Form } from './organizers';
import { measurePluginMemory } from './plugin-memory';
import { fmtMs, intEnv, listEnv } from './env';

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

/** The file backend's options (pulumi pkg/backend/diy and env.go at the engine's version), as a run applies them. */
const BACKENDS = {
  checkpoints: { label: '', env: {}, flags: [] },
  zstd: { label: 'PULUMI_DIY_BACKEND_ZSTD', env: { PULUMI_DIY_BACKEND_ZSTD: 'true' }, flags: [] },
  gzip: { label: 'PULUMI_DIY_BACKEND_GZIP', env: { PULUMI_DIY_BACKEND_GZIP: 'true' }, flags: [] },
  'no-integrity': { label: '--disable-integrity-checking', env: {}, flags: ['--disable-integrity-checking'] },
  'skip-checkpoints': { label: 'PULUMI_SKIP_CHECKPOINTS', env: { PULUMI_SKIP_CHECKPOINTS: 'true' }, flags: [] },
} as const satisfies Record<string, { label: string; env: Record<string, string>; flags: string[] }>;
type Backend = keyof typeof BACKENDS;

/** One stack run through every phase: its size, the engine's --parallel, coalescing, and whether the API is ideal. */
interface RunSpec {
  parallel: number;
  coalesce: boolean;
  /** No latency and no rate limit: the engine's own time. */
  engineOnly: boolean;
  /** The dynamic resources, or the same resources on the native provider. */
  form: 'dynamic' | 'native';
  /** The packed package unpacked into the fixture's node_modules, or a symlink to this repository (`npm link`). */
  install: 'installed' | 'linked';
  backend: Backend;
}

function runLabel(r: RunSpec): string {
  const parts = [
    r.form === 'native' ? 'native' : r.install === 'linked' ? 'dynamic, package linked (long __provider)' : 'dynamic',
    `parallel ${r.parallel}`,
    `coalescing ${r.coalesce ? 'on' : 'off'}`,
  ];
  if (r.engineOnly) parts.push('no latency or limit');
  if (r.backend !== 'checkpoints') parts.push(BACKENDS[r.backend].label);
  return parts.join(', ');
}

/** A short name for the summary table. */
function rowLabel(r: RunSpec): string {
  if (!r.coalesce) return 'coalescing off';
  if (r.form === 'native') return 'native provider';
  if (r.install === 'linked') return 'linked (long __provider)';
  if (r.engineOnly) return 'engine only';
  return r.backend === 'checkpoints' ? 'installed (short)' : BACKENDS[r.backend].label;
}

function sizesFromEnv(): number[] {
  const raw = process.env.BENCH_SIZES ?? '100,1000';
  if (raw.trim() === '') return []; // only the other cases
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

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

type StateResource = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

/**
 * `__provider` text per resource type, from the stack's resources (`pulumi stack export`, which reads compressed
 * checkpoints too): size, how many distinct texts, how many resources, and whether it is kept in the inputs, the
 * outputs or both; and the bytes of one of our resources as the file backend stores it (compact JSON).
 */
function providerSizes(resources: StateResource[], stateBytes: number): Pick<SizeFigures, 'provider' | 'stateBytes' | 'bytesPerResource'> {
  const byType = new Map<string, { texts: string[]; inInputs: number; inOutputs: number }>();
  const ours = resources.filter((r) => r.type.includes('gotowebinar'));
  const bytesPerResource = ours.length ? Math.round(ours.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) / ours.length) : 0;
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
  return { provider, stateBytes, bytesPerResource };
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
  // A user's project has a package.json of its own. Without one, the nearest is this repository's, and Node resolves
  // `pulumi-gotowebinar` as its self-reference before looking in node_modules: the package would not be the installed one.
  fs.writeFileSync(path.join(copy.dir, 'package.json'), JSON.stringify({ name: 'gotowebinar-bench', private: true }));
  if (run.install === 'linked') linkInto(copy.dir);
  else await unpackInto(copy.dir);
  if (run.form === 'native') {
    // As a user points a project at the plugin (docs/native-provider.md): the installed package's bin/.
    const plugin = ['plugins:', '  providers:', '    - name: gotowebinar', '      path: node_modules/pulumi-gotowebinar/bin', ''];
    fs.appendFileSync(path.join(copy.dir, 'Pulumi.yaml'), plugin.join('\n'));
  }
  const heartbeat = new Heartbeat('    ', process.stdout, 5000);
  const backend = BACKENDS[run.backend];
  const env = { ...simulatorEnv(sim), ...backend.env, GOTOWEBINAR_MAX_BATCH_SIZE: run.coalesce ? undefined : '1' };
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
      cliFlags: [...backend.flags],
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
      if (phase === 'no-op preview') sizes = providerSizes((await stack.resources()) as StateResource[], fs.statSync(stack.stateFile()).size);
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
  compare(all, rate);
}

/** Ratio `a ÷ b` to two places, or '-'. */
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? (a / b).toFixed(2) : '-');

/**
 * One table per size and --parallel: each run's up, no-op preview and destroy (wall / API calls), its time against
 * coalescing off, its state bytes per resource; then how far the reference run is from the engine's floor (the
 * engine-only run) and from GoTo's (its fewest requests at the rate limit).
 */
function compare(all: SizeFigures[], rate: number): void {
  const groups = new Map<string, SizeFigures[]>();
  for (const s of all) {
    const key = `${s.size} ${s.run.parallel}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const runs of groups.values()) {
    const { size, parallel } = { size: runs[0]!.size, parallel: runs[0]!.run.parallel };
    const off = runs.find((r) => !r.run.coalesce);
    const phase = (s: SizeFigures | undefined, name: Phase) => s?.phases.find((p) => p.phase === name);
    const cell = (p: PhaseFigures | undefined) => (p ? `${fmtMs(p.ms)} / ${p.calls}` : '-');
    console.log(`\n== ${size} webhooks + ${size} subscriptions, --parallel ${parallel} (wall / API calls; × = time ÷ coalescing off)`);
    console.log(
      `  ${'run'.padEnd(30)}${'up'.padStart(16)}${'×'.padStart(6)}${'no-op preview'.padStart(16)}${'destroy'.padStart(16)}${'×'.padStart(6)}${'state/resource'.padStart(16)}`,
    );
    for (const s of runs) {
      const [up, noop, destroy] = (['up', 'no-op preview', 'destroy'] as const).map((n) => phase(s, n));
      console.log(
        `  ${rowLabel(s.run).padEnd(30)}${cell(up).padStart(16)}${ratio(up?.ms, phase(off, 'up')?.ms).padStart(6)}` +
          `${cell(noop).padStart(16)}${cell(destroy).padStart(16)}${ratio(destroy?.ms, phase(off, 'destroy')?.ms).padStart(6)}` +
          `${fmtBytes(s.bytesPerResource).padStart(16)}`,
      );
    }
    const reference = runs.find((r) => r.run.coalesce && r.run.form === 'dynamic' && r.run.install === 'installed' && !r.run.engineOnly && r.run.backend === 'checkpoints');
    const engine = runs.find((r) => r.run.engineOnly);
    for (const name of ['up', 'destroy'] as const) {
      const p = phase(reference, name);
      if (!p) continue;
      // GoTo's floor: the requests an operation needs at best (writes of 100 objects, the token, lists) at the limit.
      const floorMs = rate ? (p.calls / rate) * 1000 : 0;
      const e = phase(engine, name);
      console.log(
        `  ${name} of the installed package: ${fmtMs(p.ms)}; the engine's own time (no latency or limit) ${e ? fmtMs(e.ms) : '-'}` +
          ` (${ratio(p.ms, e?.ms)}×); GoTo's floor for its ${p.calls} requests at ${rate || '∞'}/s ${fmtMs(floorMs)}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const sizes = sizesFromEnv();
  const latencyMs = intEnv('BENCH_LATENCY_MS', 80);
  const rate = intEnv('BENCH_RATE', 10);
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  // The engine's default --parallel is 4 × CPUs; passing it explicitly is the same as passing nothing.
  const parallels = listEnv('BENCH_PARALLEL', '256').map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_PARALLEL must list whole numbers of 1 or more, got "${v}"`);
    return n;
  });
  const modes = listEnv('BENCH_COALESCE', 'off,on').map((m) => {
    if (m !== 'on' && m !== 'off') throw new Error(`BENCH_COALESCE must list on and/or off, got "${m}"`);
    return m === 'on';
  });
  const backends = listEnv('BENCH_BACKENDS', 'zstd,gzip,no-integrity,skip-checkpoints').map((b) => {
    if (!(b in BACKENDS) || b === 'checkpoints') throw new Error(`BENCH_BACKENDS must list some of ${Object.keys(BACKENDS).slice(1).join(', ')}, got "${b}"`);
    return b as Backend;
  });
  const base = { engineOnly: false, form: 'dynamic', install: 'installed', backend: 'checkpoints' } as const;
  const runs: RunSpec[] = [];
  for (const parallel of parallels) {
    if (modes.includes(false)) runs.push({ ...base, parallel, coalesce: false });
    if (intEnv('BENCH_LINKED', 1)) runs.push({ ...base, parallel, coalesce: true, install: 'linked' });
    if (modes.includes(true)) runs.push({ ...base, parallel, coalesce: true });
    if (intEnv('BENCH_ENGINE_ONLY', 1)) runs.push({ ...base, parallel, coalesce: true, engineOnly: true });
    if (intEnv('BENCH_NATIVE', 1)) runs.push({ ...base, parallel, coalesce: true, form: 'native' });
    for (const backend of backends) runs.push({ ...base, parallel, coalesce: true, backend });
  }
  if (intEnv('BENCH_PLUGIN_MEMORY', 1)) await measurePluginMemory();
  const organizers = intEnv('BENCH_ORGANIZERS', 40);
  if (organizers > 0) {
    const forms = listEnv('BENCH_ORGANIZER_FORMS', Object.keys(FORMS).join(',')).map((f) => {
      if (!(f in FORMS)) throw new Error(`BENCH_ORGANIZER_FORMS must list some of ${Object.keys(FORMS).join(', ')}, got "${f}"`);
      return f as Form;
    });
    const webhooks = intEnv('BENCH_ORGANIZER_WEBHOOKS', 5);
    await benchOrganizers({ organizers, webhooks, latencyMs, rate, parallel: parallels[0]!, forms });
  }
  if (sizes.length === 0) return;
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
        const figures = await benchSize(sim, size, run);
        all.push(figures);
        // Printed per run too, so that a benchmark stopped early still has each finished run's state figures.
        console.log(`  state: ${fmtBytes(figures.bytesPerResource)} per resource (${fmtMs(Date.now() - started)} in all)`);
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
