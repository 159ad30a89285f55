/**
 * The many-organizers case of `npm run bench`: W webhooks of the application, and each of N organizers subscribed to
 * every one (N × W subscriptions, each made with that organizer's own credentials, as GoTo requires), under the real
 * engine against the simulator with GoTo's 10 requests/s per token and the bench's latency. Side by side, the three
 * ways to write it (bench/fixture/organizers):
 * - dynamic resources, an `organizer` input per subscription;
 * - the native provider's default provider, an `organizer` input per subscription;
 * - the native provider with a `Provider` per organizer (`{ organizer }`), which the engine runs as a plugin process
 *   each.
 * Each organizer is a credentials profile with a refresh token (GOTOWEBINAR_ORGANIZER_O01_REFRESH_TOKEN, …), as a
 * pipeline would hold it, for a simulator user of its own. Per run and phase (up, a no-op preview, destroy): wall
 * time, API calls (the simulator's request log, token exchanges included), the provider plugin processes the engine
 * started and their memory (plugin-processes.ts). It fails when a phase does not do what it must: the subscriptions
 * are not each their organizer's, the preview plans a change, destroy leaves something behind.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineStack, type RunResult } from '../tools/pulumi/automation';
import { workCopy } from '../tools/pulumi/work-copy';
import { unpackInto } from '../tools/package/pack';
import { DEV_CLIENT, startSimulator, type RunningSimulator, type SimUser } from '../simulator';
import { startLocalReceiver } from '../scripts/local-receiver';
import { checkOps, describeCounts, opCounts } from '../scripts/plan-checks';
import { simulatorEnv } from '../scripts/sim-env';
import { PluginProcesses, RUN_MARKER, canSample, type ProcessFigures } from './plugin-processes';
import { Heartbeat } from './progress';
import { fmtMs } from './env';

const FIXTURE = path.join(__dirname, 'fixture', 'organizers');

export const FORMS = {
  dynamic: 'dynamic resources, an organizer input per subscription',
  native: 'native, default provider, an organizer input per subscription',
  'native-providers': 'native, a Provider per organizer',
} as const;
export type Form = keyof typeof FORMS;

export interface OrganizersOptions {
  organizers: number;
  webhooks: number;
  latencyMs: number;
  rate: number;
  parallel: number;
  forms: Form[];
}

const PHASES = ['up', 'no-op preview', 'destroy'] as const;
type Phase = (typeof PHASES)[number];

interface PhaseFigures extends ProcessFigures {
  phase: Phase;
  ms: number;
  calls: number;
  byOperation: Record<string, number>;
}

/** `o01`: the fixture's name for organizer i (its profile, and the simulator user of that name). */
const organizerName = (i: number) => `o${String(i + 1).padStart(2, '0')}`;

/** The default account (users[0], whose access token sim-env gives as GOTOWEBINAR_ACCESS_TOKEN), then one user per organizer. */
function users(organizers: number): SimUser[] {
  const user = (name: string, i: number): SimUser => ({
    userKey: String(8250000000000100000n + BigInt(i)),
    email: `${name}@example.com`,
    clientId: DEV_CLIENT.clientId,
    accessToken: `bench-token-${name}`,
    refreshToken: `bench-refresh-${name}`,
  });
  return [user('default', 0), ...Array.from({ length: organizers }, (_, i) => user(organizerName(i), i + 1))];
}

function operationOf(method: string, p: string): string {
  return `${method} ${p.replace(/^\/G2W\/rest\/v2/, '').replace(/\/\d+(?=\/|$)/g, '/{key}').replace(/\?.*$/, '')}`;
}

async function runPhase(
  sim: RunningSimulator,
  stack: EngineStack,
  heartbeat: Heartbeat,
  phase: Phase,
  marker: string,
  expected: number,
): Promise<PhaseFigures> {
  sim.clearRequests();
  const processes = new PluginProcesses(marker);
  processes.start();
  heartbeat.begin(phase, expected);
  let result: RunResult;
  try {
    result = phase === 'up' ? await stack.up() : phase === 'destroy' ? await stack.destroy() : await stack.preview({ expectNoChanges: true });
  } finally {
    heartbeat.end();
  }
  const figures = processes.stop();
  const want = { up: 'create', 'no-op preview': 'same', destroy: 'delete' } as const;
  const problems = checkOps(result, { otherwise: want[phase], count: expected });
  if (problems.length) throw new Error(`${phase} did not do what it must:\n  ${problems.slice(0, 10).join('\n  ')}`);
  const byOperation: Record<string, number> = {};
  for (const r of sim.requests()) byOperation[operationOf(r.method, r.path)] = (byOperation[operationOf(r.method, r.path)] ?? 0) + 1;
  console.log(
    `  ${phase}: ${fmtMs(result.durationMs)}, ${sim.requests().length} API calls (${describeCounts(opCounts(result))}), ` +
      `${figures.processes} provider processes, ${fmtMiB(figures.peakTotalRss)} together at most (largest ${fmtMiB(figures.peakProcessRss)})`,
  );
  return { phase, ms: result.durationMs, calls: sim.requests().length, byOperation, ...figures };
}

/** Every subscription is its organizer's, at GoTo: what only that organizer's credentials can make. */
function checkOwners(sim: RunningSimulator, options: OrganizersOptions): void {
  const state = sim.state();
  const problems: string[] = [];
  if (state.webhooks.length !== options.webhooks) problems.push(`${state.webhooks.length} webhooks, not ${options.webhooks}`);
  for (const [i, user] of sim.users.slice(1).entries()) {
    const own = state.userSubscriptions.filter((s) => s.userKey === user.userKey).length;
    if (own !== options.webhooks) problems.push(`${organizerName(i)} has ${own} subscriptions, not ${options.webhooks}`);
  }
  if (problems.length) throw new Error(`up did not subscribe each organizer with its own credentials:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

async function runForm(sim: RunningSimulator, form: Form, options: OrganizersOptions): Promise<PhaseFigures[]> {
  sim.reset();
  const receiver = await startLocalReceiver({ basePath: '/bench' });
  const copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.ts', 'tsconfig.json'], `bench-organizers-${form}`);
  // A package.json of its own, so that `pulumi-gotowebinar` is the installed package, not this repository's self-reference.
  fs.writeFileSync(path.join(copy.dir, 'package.json'), JSON.stringify({ name: 'gotowebinar-bench-organizers', private: true }));
  await unpackInto(copy.dir);
  if (form !== 'dynamic') {
    const plugin = ['plugins:', '  providers:', '    - name: gotowebinar', '      path: node_modules/pulumi-gotowebinar/bin', ''];
    fs.appendFileSync(path.join(copy.dir, 'Pulumi.yaml'), plugin.join('\n'));
  }
  const names = Array.from({ length: options.organizers }, (_, i) => organizerName(i));
  const marker = randomBytes(6).toString('hex');
  const expected = options.webhooks * (options.organizers + 1);
  const measured: PhaseFigures[] = [];
  const heartbeat = new Heartbeat('    ', process.stdout, 5000);
  let stack: EngineStack | undefined;
  try {
    stack = await EngineStack.open({
      workDir: copy.dir,
      stackName: 'bench',
      config: { organizers: String(options.organizers), webhooks: String(options.webhooks), callbackBaseUrl: receiver.baseUrl, form },
      env: { ...simulatorEnv(sim, names), [RUN_MARKER]: marker },
      parallel: options.parallel,
      onEvent: heartbeat.onEvent,
    });
    for (const phase of PHASES) {
      measured.push(await runPhase(sim, stack, heartbeat, phase, marker, expected));
      if (phase === 'up') checkOwners(sim, options);
    }
  } finally {
    await stack?.remove();
    copy.remove();
    await receiver.stop();
  }
  const left = sim.state();
  if (left.webhooks.length || left.userSubscriptions.length) {
    throw new Error(`destroy left ${left.webhooks.length} webhooks and ${left.userSubscriptions.length} subscriptions behind`);
  }
  return measured;
}

export async function benchOrganizers(options: OrganizersOptions): Promise<void> {
  const { organizers, webhooks } = options;
  console.log(
    `\n== Many organizers: ${webhooks} webhooks, each of ${organizers} organizers subscribed to every one ` +
      `(${webhooks} + ${organizers * webhooks} objects), ${options.latencyMs} ms latency, ` +
      `${options.rate ? `${options.rate} requests/s per token` : 'no rate limit'}, --parallel ${options.parallel}`,
  );
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: options.rate, faults: { latencyMs: options.latencyMs }, users: users(organizers) });
  const rows: [Form, PhaseFigures[]][] = [];
  try {
    for (const form of options.forms) {
      console.log(`\n== ${organizers} organizers, ${FORMS[form]}`);
      rows.push([form, await runForm(sim, form, options)]);
    }
  } finally {
    await sim.stop();
  }
  report(rows, options);
}

function report(rows: [Form, PhaseFigures[]][], options: OrganizersOptions): void {
  const cell = (p: PhaseFigures | undefined) => (p ? `${fmtMs(p.ms)} / ${p.calls}` : '-');
  const memory = (p: PhaseFigures | undefined) => (p && canSample() ? `${fmtMiB(p.peakTotalRss)} (${fmtMiB(p.peakProcessRss)})` : 'n/a');
  console.log(
    `\n== ${options.organizers} organizers × ${options.webhooks} webhooks (wall / API calls; processes: the provider plugin ` +
      `processes the engine started for the up; memory: their RSS together at the busiest moment of the up, and the largest one's)`,
  );
  console.log(`  ${'how the program is written'.padEnd(64)}${'up'.padStart(16)}${'no-op preview'.padStart(16)}${'destroy'.padStart(16)}${'processes'.padStart(11)}${'memory'.padStart(22)}`);
  for (const [form, phases] of rows) {
    const [up, noop, destroy] = PHASES.map((name) => phases.find((p) => p.phase === name));
    console.log(
      `  ${FORMS[form].padEnd(64)}${cell(up).padStart(16)}${cell(noop).padStart(16)}${cell(destroy).padStart(16)}` +
        `${String(up?.processes ?? '-').padStart(11)}${memory(up).padStart(22)}`,
    );
  }
  for (const [form, phases] of rows) {
    const up = phases.find((p) => p.phase === 'up');
    const ops = Object.entries(up?.byOperation ?? {}).sort(([, a], [, b]) => b - a).map(([op, n]) => `${op} ${n}`).join(', ');
    console.log(`  up's calls, ${form}: ${ops}`);
  }
}

function fmtMiB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en')} MiB`;
}
