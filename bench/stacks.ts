/**
 * `npm run bench`: how stacks of 10, 100 and 1000 webhooks (each with a subscription) fare through preview, up, a
 * no-op preview and destroy against the simulator with GoTo's limit of 10 requests/s enforced and a realistic
 * latency. Prints, per size: wall time per phase, API calls by operation (the simulator's request log), 429s seen,
 * and the size of `__provider` per resource (from the state file). A benchmark that prints figures, not a test: it
 * fails only when a phase fails or does not do what it must (e.g. the no-op preview plans a change).
 *
 *   BENCH_SIZES=10,100      sizes (default 10,100,1000; 1000 takes many minutes at 10 requests/s)
 *   BENCH_LATENCY_MS=80     added latency per API request (default 80)
 *   BENCH_RATE=10           requests per second per token (default 10, GoTo's; 0 = off)
 *   BENCH_PARALLEL=N        the driver's parallelism (default: the driver's)
 *
 * The fixture is bench/fixture (the webhook count comes from config).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, type RunResult } from '../test/driver';
import { startSimulator, type LoggedRequest, type RunningSimulator } from 'pulumi-gotowebinar/simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps, describeCounts, opCounts } from '../scripts/plan-checks';
import { Progress } from '../scripts/progress';

const FIXTURE = path.join(__dirname, 'fixture');
const PHASES = ['preview', 'up', 'no-op preview', 'destroy'] as const;
type Phase = (typeof PHASES)[number];

interface PhaseFigures {
  phase: Phase;
  ms: number;
  calls: number;
  byOperation: Record<string, number>;
  tooMany: number;
  plan: string;
}

interface SizeFigures {
  size: number;
  phases: PhaseFigures[];
  provider: Record<string, { bytes: number; distinct: number; count: number }>;
  stateBytes: number;
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

function sizesFromEnv(): number[] {
  const raw = process.env.BENCH_SIZES ?? '10,100,1000';
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

function fmtMs(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${((ms % 60_000) / 1000).toFixed(0).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`;
}

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

/** `__provider` text per resource type, from the state file: size, how many distinct texts, how many resources. */
function providerSizes(stateFile: string): { provider: SizeFigures['provider']; stateBytes: number } {
  const text = fs.readFileSync(stateFile, 'utf8');
  const state = JSON.parse(text) as { resources: { type: string; outputs?: Record<string, unknown> }[] };
  const byType = new Map<string, string[]>();
  for (const r of state.resources) {
    const p = r.outputs?.__provider;
    if (typeof p !== 'string') continue;
    const type = r.type.split(':').pop() ?? r.type;
    byType.set(type, [...(byType.get(type) ?? []), p]);
  }
  const provider: SizeFigures['provider'] = {};
  for (const [type, texts] of byType) {
    provider[type] = {
      bytes: Math.round(texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / texts.length),
      distinct: new Set(texts).size,
      count: texts.length,
    };
  }
  return { provider, stateBytes: Buffer.byteLength(text) };
}

async function runPhase(
  sim: RunningSimulator,
  stack: Stack,
  progress: Progress,
  phase: Phase,
  size: number,
): Promise<PhaseFigures> {
  sim.clearRequests();
  progress.begin();
  const started = Date.now();
  let result: RunResult;
  try {
    result = phase === 'up' ? await stack.up() : phase === 'destroy' ? await stack.destroy() : await stack.preview();
  } catch (error) {
    progress.end();
    const e = error as { message?: string; errors?: { message: string }[] };
    throw new Error(`${phase} of ${size} failed: ${e.message}${e.errors?.length ? `\n  ${e.errors.map((x) => x.message).join('\n  ')}` : ''}`);
  }
  const ms = Date.now() - started;
  progress.end();
  const expected = { preview: 'create', up: 'create', 'no-op preview': 'same', destroy: 'delete' } as const;
  const problems = checkOps(result, { otherwise: expected[phase], count: size * 2 });
  if (problems.length) throw new Error(`${phase} of ${size} did not do what it must:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return { phase, ms, ...summarize(sim.requests()), plan: describeCounts(opCounts(result)) };
}

async function benchSize(sim: RunningSimulator, size: number, parallel: number | undefined): Promise<SizeFigures> {
  sim.reset();
  const receiver = await startLocalReceiver({ basePath: '/bench' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-bench-'));
  const stateFile = path.join(dir, 'bench.json');
  const progress = new Progress('    ', process.stdout, 10_000, 'count');
  const env: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('GOTOWEBINAR_')) env[k] = undefined;
  Object.assign(env, {
    GOTOWEBINAR_API_URL: sim.apiUrl,
    GOTOWEBINAR_AUTH_URL: sim.authUrl,
    GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken,
  });
  const stack = await Stack.open({
    projectDir: FIXTURE,
    stack: 'bench',
    stateFile,
    config: { webhooks: String(size), callbackBaseUrl: receiver.baseUrl },
    env,
    parallel,
    onEvent: progress.onEvent,
    // The driver gives a program run 120 s by default; 1000 webhooks at 10 requests/s need many minutes.
    timeoutMs: 4 * 3600_000,
  });
  const phases: PhaseFigures[] = [];
  let sizes: ReturnType<typeof providerSizes> | undefined;
  try {
    for (const phase of PHASES) {
      console.log(`  ${phase} …`);
      const figures = await runPhase(sim, stack, progress, phase, size);
      phases.push(figures);
      console.log(`  ${phase}: ${fmtMs(figures.ms)}, ${figures.calls} API calls, ${figures.tooMany} × 429 (${figures.plan})`);
      // Measured once everything exists: the no-op preview does not change state.
      if (phase === 'no-op preview') sizes = providerSizes(stateFile);
    }
  } finally {
    await stack.close();
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (sim.state().webhooks.length || sim.state().userSubscriptions.length) throw new Error(`destroy of ${size} left objects behind`);
  return { size, phases, provider: sizes!.provider, stateBytes: sizes!.stateBytes };
}

function report(all: SizeFigures[], latencyMs: number, rate: number): void {
  console.log(`\n== Results (latency ${latencyMs} ms per request, ${rate ? `${rate} requests/s per token enforced` : 'no rate limit'})`);
  for (const s of all) {
    console.log(`\n${s.size} webhooks + ${s.size} subscriptions (${s.size * 2} resources)`);
    console.log(`  ${'phase'.padEnd(14)} ${'wall'.padStart(8)} ${'calls'.padStart(6)} ${'calls/s'.padStart(8)} ${'429s'.padStart(5)}  API calls by operation`);
    for (const p of s.phases) {
      const ops = Object.entries(p.byOperation)
        .sort(([, a], [, b]) => b - a)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ');
      const rateSeen = p.ms > 0 ? (p.calls / (p.ms / 1000)).toFixed(1) : '-';
      console.log(
        `  ${p.phase.padEnd(14)} ${fmtMs(p.ms).padStart(8)} ${String(p.calls).padStart(6)} ${rateSeen.padStart(8)} ${String(p.tooMany).padStart(5)}  ${ops || '-'}`,
      );
    }
    const provider = Object.entries(s.provider)
      .map(([type, f]) => `${type} ${fmtBytes(f.bytes)} (${f.distinct} distinct text${f.distinct === 1 ? '' : 's'} over ${f.count})`)
      .join('; ');
    console.log(`  __provider per resource: ${provider}; state file ${fmtBytes(s.stateBytes)}`);
  }
}

async function main(): Promise<void> {
  const sizes = sizesFromEnv();
  const latencyMs = intEnv('BENCH_LATENCY_MS', 80);
  const rate = intEnv('BENCH_RATE', 10);
  const parallel = process.env.BENCH_PARALLEL ? intEnv('BENCH_PARALLEL', 0) : undefined;
  const calls = sizes.reduce((n, s) => n + s * 12, 0);
  console.log(
    `Benchmark: stacks of ${sizes.join(', ')} webhooks (each with a subscription) against the simulator, ` +
      `${latencyMs} ms latency, ${rate ? `${rate} requests/s` : 'no rate limit'}` +
      (rate ? `; roughly ${fmtMs((calls / rate) * 1000)} or more in all at that rate` : ''),
  );
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: rate, faults: { latencyMs } });
  const all: SizeFigures[] = [];
  try {
    for (const size of sizes) {
      console.log(`\n== ${size} webhooks`);
      const started = Date.now();
      all.push(await benchSize(sim, size, parallel));
      console.log(`  (${size}: ${fmtMs(Date.now() - started)} in all)`);
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
