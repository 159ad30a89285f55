/**
 * `npm run bench:receiving`: what receiving a signed delivery costs, on one core, with 1 KiB and 64 KiB bodies
 * (bench/receiving-deliveries.ts). It prints:
 *
 * 1. verification per delivery, in µs of CPU: Node's crypto (verifyWebhookSignature, and the bare HMAC under it),
 *    Web Crypto (verifyWebhookSignatureAsync), and @octokit/webhooks-methods' verify as a reference point (the same
 *    body and secret; GitHub's scheme signs the body alone, in hex), in its Node build and its Web Crypto build;
 * 2. parsing per delivery: parseWebhookEvent (64-bit keys exact) beside JSON.parse;
 * 3. whole deliveries per second on one core, counted in CPU time of the receiving process (all its threads, so Web
 *    Crypto's thread-pool work counts; the cheaper of two rounds): the node:http receiver and the Fetch handler
 *    (behind the Fetch bridge every Fetch framework on Node has: bench/receiving-server.ts) over real HTTP, the
 *    receiving process pinned to one core and the sender to another; and the Fetch handler called in-process (no
 *    HTTP), deduplication off there;
 * 4. where the time of the node:http receiver goes: verification, parsing, and the rest (HTTP, reading the body,
 *    the answer, deduplication, the event loop).
 *
 * It needs `npm run build` first (the script runs it): it uses the package by name, as an application does. With
 * `taskset` (util-linux) the processes are pinned; without it they are not, and the output says so. Each figure is
 * the best of a few rounds, on a machine other processes may share: compare rows within a run, not across machines.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createWebhookFetchHandler as createNodeFetchHandler,
  parseWebhookEvent,
  verifyWebhookSignature,
  verifyWebhookSignatureAsync,
} from 'pulumi-gotowebinar/receiving';
import { createWebhookFetchHandler as createWebFetchHandler } from 'pulumi-gotowebinar/receiving/web';
import { BENCH_SECRET, bodiesOfSize, deliveriesOfSize, eventKeyOf, type SignedDelivery } from './receiving-deliveries';

const ROOT = path.resolve(__dirname, '..');
const SIZES = [1024, 64 * 1024];
const KIB = (size: number) => `${size / 1024} KiB`;

interface Cost {
  /** µs of CPU per operation (all threads of this process) */
  cpuUs: number;
  /** µs of wall time per operation */
  wallUs: number;
}

/**
 * The cheapest of three rounds of `round`: on a shared machine, other processes only ever add time, so the lowest
 * figure is the closest to the code's own cost.
 */
async function bestOfThree(round: () => Promise<Cost>): Promise<Cost> {
  const rounds = [await round(), await round(), await round()];
  return rounds.reduce((best, next) => (next.cpuUs < best.cpuUs ? next : best));
}

/** Runs `op` repeatedly for about `ms` (after a warm-up) and gives its cost per call, best of three rounds. */
function measure(op: () => unknown, ms = 700): Promise<Cost> {
  return bestOfThree(() => measureRound(op, ms));
}

async function measureRound(op: () => unknown, ms: number): Promise<Cost> {
  for (let i = 0; i < 300; i++) await op();
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (let i = 0; i < 50; i++) await op();
    calls += 50;
  }
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / calls, wallUs };
}

/** Like `measure`, for a synchronous `op`: no promise per call to blur the figure. */
function measureSync(op: () => unknown, ms = 700): Promise<Cost> {
  return bestOfThree(async () => measureSyncRound(op, ms));
}

function measureSyncRound(op: () => unknown, ms: number): Cost {
  for (let i = 0; i < 300; i++) op();
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (let i = 0; i < 50; i++) op();
    calls += 50;
  }
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / calls, wallUs };
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return os.availableParallelism() > 1;
  } catch {
    return false;
  }
})();

/** Pins this process (every thread) to one CPU, when taskset is there. */
function pinSelf(cpu: number): void {
  if (hasTaskset) execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

interface Octokit {
  sign(secret: string, payload: string): Promise<string>;
  verify(secret: string, payload: string, signature: string): Promise<boolean>;
}

async function verificationRows(size: number): Promise<Record<string, Cost>> {
  const delivery = deliveriesOfSize(size)(eventKeyOf('verify', 1));
  const options = { body: delivery.body, headers: delivery.headers, secrets: BENCH_SECRET };
  const bytes = Buffer.from(delivery.body);
  const octokitNode: Octokit = await import('@octokit/webhooks-methods');
  // Its Web Crypto build (for browsers and Workers), which its package exports only to those.
  const octokitWeb = (await import(pathToFileURL(path.join(ROOT, 'node_modules/@octokit/webhooks-methods/dist-web/index.js')).href)) as Octokit;
  const octokitSignature = await octokitNode.sign(BENCH_SECRET, delivery.body);
  const check = (ok: boolean) => {
    if (!ok) throw new Error('a verification failed: the benchmark is broken');
  };
  check(verifyWebhookSignature(options).ok && (await verifyWebhookSignatureAsync(options)).ok);
  check((await octokitNode.verify(BENCH_SECRET, delivery.body, octokitSignature)) && (await octokitWeb.verify(BENCH_SECRET, delivery.body, octokitSignature)));
  return {
    'HMAC-SHA256 alone (node:crypto createHmac, the floor)': await measureSync(() =>
      createHmac('sha256', BENCH_SECRET).update(`${delivery.headers['x-webhook-signature-timestamp']}:`).update(bytes).digest(),
    ),
    'verifyWebhookSignature (Node crypto)': await measureSync(() => verifyWebhookSignature(options)),
    'verifyWebhookSignatureAsync (Web Crypto)': await measure(() => verifyWebhookSignatureAsync(options)),
    '@octokit/webhooks-methods verify, Node build': await measure(() => octokitNode.verify(BENCH_SECRET, delivery.body, octokitSignature)),
    '@octokit/webhooks-methods verify, Web Crypto build': await measure(() => octokitWeb.verify(BENCH_SECRET, delivery.body, octokitSignature)),
  };
}

async function parsingRows(size: number): Promise<Record<string, Cost>> {
  const bytes = Buffer.from(bodiesOfSize(size)(eventKeyOf('parse', 1)));
  return {
    'parseWebhookEvent (64-bit keys exact)': await measureSync(() => parseWebhookEvent(bytes)),
    'JSON.parse (reference: rounds the keys)': await measureSync(() => JSON.parse(bytes.toString('utf8'))),
  };
}

/** The Fetch handler called with Requests in this process: a pool of signed deliveries, sent round and round. */
async function inProcessFetch(create: typeof createNodeFetchHandler, size: number): Promise<Cost> {
  const handle = create({ secrets: BENCH_SECRET, dedupe: false, onEvent: async () => undefined });
  const make = deliveriesOfSize(size);
  const pool = Array.from({ length: 256 }, (_, i) => make(eventKeyOf('inproc', i)));
  let next = 0;
  return measure(async () => {
    const { body, headers } = pool[next++ % pool.length]!;
    const response = await handle(new Request('http://receiver.local/goto/webhooks', { method: 'POST', body, headers }));
    if (response.status !== 200) throw new Error(`the Fetch handler answered ${response.status}: the benchmark is broken`);
    await response.arrayBuffer();
  });
}

interface Served {
  port: number;
  stop(): void;
}

/** Starts bench/receiving-server.ts in `mode`, pinned to CPU 0. */
async function serve(mode: string): Promise<Served> {
  const node = [process.execPath, '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'receiving-server.ts'), mode];
  const child: ChildProcess = hasTaskset
    ? spawn('taskset', ['-c', '0', ...node], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(node[0]!, node.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`receiving-server ${mode} exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}

interface HttpFigures {
  /** µs of CPU of the receiving process per delivery */
  cpuUs: number;
  /** deliveries per second of wall time, as the sender saw them */
  wallRate: number;
  /** the receiving process's CPU use during the run (1 = one core busy) */
  busy: number;
}

/** Sends `count` fresh deliveries (`concurrency` at a time, over kept-alive connections) to a receiving process. */
async function overHttp(mode: string, size: number, count: number, concurrency = 16): Promise<HttpFigures> {
  const served = await serve(mode);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const call = (method: string, urlPath: string, delivery?: SignedDelivery) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: served.port, path: urlPath, method, agent, headers: delivery?.headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(delivery?.body);
    });
  const cpuOf = async () => (JSON.parse((await call('GET', '/__cpu')).text) as { cpuMicros: number }).cpuMicros;
  const make = deliveriesOfSize(size);
  const run = async (label: string, total: number) => {
    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < total) {
          const { status } = await call('POST', '/goto/webhooks', make(eventKeyOf(label, sent++)));
          if (status !== 200) throw new Error(`${mode} answered ${status}: the benchmark is broken`);
        }
      }),
    );
  };
  const round = async (label: string): Promise<HttpFigures> => {
    const cpu0 = await cpuOf();
    const t0 = process.hrtime.bigint();
    await run(label, count);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuMicros = (await cpuOf()) - cpu0;
    return { cpuUs: cpuMicros / count, wallRate: count / seconds, busy: cpuMicros / 1e6 / seconds };
  };
  try {
    await run('warmup', Math.ceil(count / 5));
    // The cheaper of two rounds, as in-process (bestOfThree): other processes on the machine only add time.
    const [first, second] = [await round('first'), await round('second')];
    return first.cpuUs < second.cpuUs ? first : second;
  } finally {
    agent.destroy();
    served.stop();
  }
}

const us = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} µs`;
const perSecond = (cpuUs: number) => `${Math.round(1e6 / cpuUs).toLocaleString('en-US')}/s`;

function table(title: string, header: string[], rows: Array<[string, ...string[]]>): void {
  const width = Math.max(...rows.map(([label]) => label.length), title.length);
  console.log(`\n${title.padEnd(width)}  ${header.map((h) => h.padStart(16)).join('')}`);
  for (const [label, ...cells] of rows) console.log(`  ${label.padEnd(width - 2)}  ${cells.map((c) => c.padStart(16)).join('')}`);
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Receiving benchmark: Node ${process.version}, ${process.platform} ${process.arch}, ${cpu}`);
  console.log(
    hasTaskset
      ? 'In-process figures on CPU 0; over HTTP, the receiving process on CPU 0 and the sender on CPU 1 (taskset).'
      : 'taskset is not available (or one CPU only): processes are not pinned.',
  );
  pinSelf(0);

  const verification: Record<number, Record<string, Cost>> = {};
  const parsing: Record<number, Record<string, Cost>> = {};
  const fetchInProcess: Record<number, Record<string, Cost>> = {};
  for (const size of SIZES) {
    verification[size] = await verificationRows(size);
    parsing[size] = await parsingRows(size);
    fetchInProcess[size] = {
      'createWebhookFetchHandler, Node crypto, in-process': await inProcessFetch(createNodeFetchHandler, size),
      'createWebhookFetchHandler, Web Crypto, in-process': await inProcessFetch(createWebFetchHandler, size),
    };
  }

  pinSelf(1);
  const modes: Array<[string, string]> = [
    ['node-receiver', 'createWebhookReceiver on node:http'],
    ['fetch-node', 'createWebhookFetchHandler, Node crypto, node:http + Fetch bridge'],
    ['fetch-web', 'createWebhookFetchHandler, Web Crypto, node:http + Fetch bridge'],
  ];
  const http: Record<number, Record<string, HttpFigures>> = {};
  for (const size of SIZES) {
    http[size] = {};
    for (const [mode, label] of modes) http[size]![label] = await overHttp(mode, size, size > 4096 ? 2000 : 10000);
  }

  const sizes = SIZES.map(KIB);
  table(
    'Verification, per delivery (CPU)',
    sizes,
    Object.keys(verification[SIZES[0]!]!).map((label) => [label, ...SIZES.map((s) => us(verification[s]![label]!.cpuUs))]),
  );
  table(
    'Parsing the event, per delivery (CPU)',
    sizes,
    Object.keys(parsing[SIZES[0]!]!).map((label) => [label, ...SIZES.map((s) => us(parsing[s]![label]!.cpuUs))]),
  );
  table(
    'Whole deliveries per second on one core (1 / CPU time per delivery)',
    sizes,
    [
      ...modes.map(([, label]): [string, ...string[]] => [label, ...SIZES.map((s) => perSecond(http[s]![label]!.cpuUs))]),
      ...Object.keys(fetchInProcess[SIZES[0]!]!).map((label): [string, ...string[]] => [
        label,
        ...SIZES.map((s) => perSecond(fetchInProcess[s]![label]!.cpuUs)),
      ]),
    ],
  );
  table(
    'Over HTTP, as the sender saw it (deliveries/s of wall time; receiver CPU use)',
    sizes,
    modes.map(([, label]) => [label, ...SIZES.map((s) => `${Math.round(http[s]![label]!.wallRate)}/s ${Math.round(http[s]![label]!.busy * 100)}%`)]),
  );

  const receiver = 'createWebhookReceiver on node:http';
  table(
    'Where the time of a delivery goes: createWebhookReceiver on node:http (CPU per delivery)',
    sizes,
    [
      ['all of it', ...SIZES.map((s) => us(http[s]![receiver]!.cpuUs))],
      ...(['verifyWebhookSignature (Node crypto)', 'parseWebhookEvent (64-bit keys exact)'] as const).map((label): [string, ...string[]] => {
        const from = label.startsWith('verify') ? verification : parsing;
        return [label, ...SIZES.map((s) => `${us(from[s]![label]!.cpuUs)} ${pct(from[s]![label]!.cpuUs, http[s]![receiver]!.cpuUs)}`)];
      }),
      [
        'the rest: HTTP, body, answer, dedupe, event loop',
        ...SIZES.map((s) => {
          const all = http[s]![receiver]!.cpuUs;
          const rest = all - verification[s]!['verifyWebhookSignature (Node crypto)']!.cpuUs - parsing[s]!['parseWebhookEvent (64-bit keys exact)']!.cpuUs;
          return `${us(rest)} ${pct(rest, all)}`;
        }),
      ],
    ],
  );
  const bridged = 'createWebhookFetchHandler, Node crypto, node:http + Fetch bridge';
  const webBridged = 'createWebhookFetchHandler, Web Crypto, node:http + Fetch bridge';
  table('The Fetch handler on Node, beside the node:http receiver (CPU per delivery)', sizes, [
    ['createWebhookReceiver on node:http', ...SIZES.map((s) => us(http[s]![receiver]!.cpuUs))],
    ['Fetch handler + bridge, Node crypto: Request, Response, web streams', ...SIZES.map((s) => `+${us(http[s]![bridged]!.cpuUs - http[s]![receiver]!.cpuUs)}`)],
    ['Web Crypto instead of Node crypto (in verification alone)', ...SIZES.map((s) => `+${us(verification[s]!['verifyWebhookSignatureAsync (Web Crypto)']!.cpuUs - verification[s]!['verifyWebhookSignature (Node crypto)']!.cpuUs)}`)],
    ['Web Crypto instead of Node crypto (bridged handlers, over HTTP)', ...SIZES.map((s) => signedUs(http[s]![webBridged]!.cpuUs - http[s]![bridged]!.cpuUs))],
  ]);
}

function signedUs(value: number): string {
  return value < 0 ? `-${us(-value)}` : `+${us(value)}`;
}

function pct(part: number, whole: number): string {
  return `(${Math.round((100 * part) / whole)}%)`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
