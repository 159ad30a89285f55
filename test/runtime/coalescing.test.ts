/**
 * Request coalescing through a Connection's one-object methods (provider/runtime/connection), against the simulator
 * over HTTP: calls made together
 * go out as array requests, each caller gets its own object back (matched by identity, not answer order), a batch
 * refused for one bad item is split so that only that item fails, a server batch limit is found by splitting, and a
 * lone call is not held back.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoToApiError } from '../../provider/api';
import { Connection, type ConnectionOptions } from '../../provider/runtime/connection/connection';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

const API = '/G2W/rest/v2';
let receiver: CallbackServer;
const sims: RunningSimulator[] = [];

beforeAll(async () => {
  receiver = await startCallbackServer();
});
afterAll(async () => {
  await receiver.stop();
  await Promise.all(sims.map((s) => s.stop()));
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: 0, ...options });
  sims.push(sim);
  return sim;
}

function clientFor(sim: RunningSimulator, extra: Partial<ConnectionOptions> = {}, apiUrl = sim.apiUrl) {
  return new Connection({
    credentials: { accessToken: sim.users[0].accessToken },
    apiUrl,
    authUrl: sim.authUrl,
    maxBatchSize: 100,
    readSnapshotMs: 0,
    ...extra,
  });
}

/** The array write requests the simulator saw: `POST /webhooks` → [sizes of each request's body]. */
function batches(sim: RunningSimulator): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of sim.requests()) {
    if (r.kind !== 'api' || r.method === 'GET') continue;
    const key = `${r.method} ${r.path.slice(API.length)} ${r.status}`;
    (out[key] ??= []).push(Array.isArray(r.body) ? r.body.length : -1);
  }
  return out;
}

const hook = (i: number) => ({ callbackUrl: `${receiver.url}/hook-${i}`, eventName: 'registrant.added' as const });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `count` webhook creates `gapMs` apart, as the engine hands out a stream of steps; resolves with what was made. */
async function createApart(client: Connection, count: number, gapMs: number) {
  const calls: ReturnType<Connection['createWebhook']>[] = [];
  for (let i = 0; i < count; i++) {
    calls.push(client.createWebhook(hook(i)));
    await sleep(gapMs);
  }
  return Promise.all(calls);
}

test('twenty webhooks created together go out as one POST, and each caller gets the webhook it asked for', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const created = await Promise.all(Array.from({ length: 20 }, (_, i) => client.createWebhook(hook(i))));
  expect(created.map((w) => w.callbackUrl)).toEqual(Array.from({ length: 20 }, (_, i) => `${receiver.url}/hook-${i}`));
  expect(new Set(created.map((w) => w.webhookKey)).size).toBe(20);
  expect(batches(sim)).toEqual({ 'POST /webhooks 200': [20] });

  // Their activations, made together, are one PUT; their deletes one DELETE.
  await Promise.all(created.map((w) => client.updateWebhook({ webhookKey: w.webhookKey, webhookState: 'ACTIVE' })));
  expect(sim.state().webhooks.every((w) => w.state === 'ACTIVE')).toBe(true);
  await Promise.all(created.map((w) => client.deleteWebhook(w.webhookKey)));
  expect(sim.state().webhooks).toHaveLength(0);
  expect(batches(sim)).toEqual({ 'POST /webhooks 200': [20], 'PUT /webhooks 204': [20], 'DELETE /webhooks 202': [20] });
});

test('subscriptions coalesce per credentials and are matched by webhook key', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const hooks = await client.client.createWebhooks(Array.from({ length: 6 }, (_, i) => hook(i)));
  sim.clearRequests();
  const subs = await Promise.all(hooks.map((w) => client.createUserSubscription({ webhookKey: w.webhookKey })));
  expect(subs.map((s) => s.webhookKey)).toEqual(hooks.map((w) => w.webhookKey));
  await Promise.all(subs.map((s) => client.updateUserSubscription({ subscriptionKey: s.subscriptionKey, webhookKey: s.webhookKey, userSubscriptionState: 'INACTIVE' })));
  await Promise.all(subs.map((s) => client.deleteUserSubscription(s.subscriptionKey)));
  expect(batches(sim)).toEqual({
    'POST /userSubscriptions 200': [6],
    'PUT /userSubscriptions 204': [6],
    'DELETE /userSubscriptions 202': [6],
  });
});

test('answers are matched by what was asked for, not by their order', async () => {
  const sim = await simulator();
  // A real loopback proxy that hands the simulator's answers back in reverse order.
  const proxy = createServer((req, res) => {
    const target = new URL(req.url ?? '/', sim.apiUrl);
    const out = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        const parsed = body ? (JSON.parse(body) as { _embedded?: Record<string, unknown[]> }) : undefined;
        for (const list of Object.values(parsed?._embedded ?? {})) list.reverse();
        if (parsed) body = JSON.stringify(parsed);
        res.writeHead(answer.statusCode ?? 500, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  try {
    const { port } = proxy.address() as AddressInfo;
    const client = clientFor(sim, {}, `http://127.0.0.1:${port}${API}`);
    const created = await Promise.all([0, 1, 2, 3].map((i) => client.createWebhook(hook(i))));
    expect(created.map((w) => w.callbackUrl)).toEqual([0, 1, 2, 3].map((i) => `${receiver.url}/hook-${i}`));
    expect(batches(sim)).toEqual({ 'POST /webhooks 200': [4] });
  } finally {
    await new Promise((r) => proxy.close(r));
  }
});

test('one bad callback URL in a batch fails only its own call; the others are created', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const bad = { callbackUrl: 'http://127.0.0.1:1/nobody-listens', eventName: 'webinar.created' as const };
  const asked = [hook(0), hook(1), hook(2), bad, hook(4), hook(5), hook(6), hook(7)];
  const settled = await Promise.allSettled(asked.map((w) => client.createWebhook(w)));
  const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
  expect(failed).toEqual([3]);
  const error = (settled[3] as PromiseRejectedResult).reason as GoToApiError;
  expect(error).toBeInstanceOf(GoToApiError);
  expect(error.status).toBe(400);
  expect(error.message).toMatch(/did not answer 200/);
  expect(sim.state().webhooks).toHaveLength(7);
  // 8 refused, halves of 4 (one refused), quarters of 2 (one refused), then 1 + 1: three requests refused, and the
  // seven webhooks created in four.
  const seen = batches(sim);
  expect(seen['POST /webhooks 400']).toEqual(expect.arrayContaining([8, 4, 2, 1]));
  expect(seen['POST /webhooks 400']).toHaveLength(4);
  expect(seen['POST /webhooks 200']!.reduce((a, b) => a + b, 0)).toBe(7);
});

test('a key deleted meanwhile fails only its own update; the batch is split around it', async () => {
  const sim = await simulator();
  // Past the consistency window: a 404 now means gone, so nothing waits for the key to appear.
  const client = clientFor(sim, { consistencyTimeoutMs: 1 });
  const hooks = await client.client.createWebhooks([0, 1, 2, 3, 4].map(hook));
  await client.client.deleteWebhooks([hooks[2]!.webhookKey]);
  const settled = await Promise.allSettled(hooks.map((w) => client.updateWebhook({ webhookKey: w.webhookKey, webhookState: 'ACTIVE' })));
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  expect(((settled[2] as PromiseRejectedResult).reason as GoToApiError).code).toBe('ERR_GOTO_NOT_FOUND');
  expect(sim.state().webhooks.filter((w) => w.state === 'ACTIVE')).toHaveLength(4);
  const puts = batches(sim);
  expect(puts['PUT /webhooks 404']).toEqual(expect.arrayContaining([5, 1]));
  expect(puts['PUT /webhooks 204']!.reduce((a, b) => a + b, 0)).toBe(4);
});

test('a server batch limit is found by splitting, and later batches stay under it', async () => {
  const sim = await simulator({ maxBatchSize: 4 });
  const progress: string[] = [];
  const client = clientFor(sim, { onProgress: (m) => progress.push(m) });
  const created = await Promise.all(Array.from({ length: 10 }, (_, i) => client.createWebhook(hook(i))));
  expect(new Set(created.map((w) => w.webhookKey)).size).toBe(10);
  expect(sim.state().webhooks).toHaveLength(10);
  expect(progress.some((m) => /createWebhooks: GoTo refused a request of \d+ objects .* at most \d+ per request/.test(m))).toBe(true);

  sim.clearRequests();
  await Promise.all(created.map((w) => client.updateWebhook({ webhookKey: w.webhookKey, webhookState: 'ACTIVE' })));
  // PUT has a coalescer of its own: it learns the limit too, then sends at most 4 per request.
  const puts = batches(sim);
  expect(Math.max(...puts['PUT /webhooks 204']!)).toBeLessThanOrEqual(4);
  expect(puts['PUT /webhooks 204']!.reduce((a, b) => a + b, 0)).toBe(10);
  sim.clearRequests();
  await Promise.all(created.slice(0, 8).map((w) => client.updateWebhook({ webhookKey: w.webhookKey, callbackUrl: `${receiver.url}/moved` })));
  expect(batches(sim)['PUT /webhooks 400']).toBeUndefined();
});

test('two calls for the same object never share a request: the second waits for the next', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const [w] = await client.client.createWebhooks([hook(0)]);
  sim.clearRequests();
  await Promise.all([
    client.updateWebhook({ webhookKey: w!.webhookKey, webhookState: 'ACTIVE' }),
    client.updateWebhook({ webhookKey: w!.webhookKey, webhookState: 'INACTIVE' }),
  ]);
  expect(batches(sim)).toEqual({ 'PUT /webhooks 204': [1, 1] });
  expect(sim.state().webhooks[0]!.state).toBe('INACTIVE'); // in the order they were made
});

test('a lone call goes at once: about one round trip, not held for company', async () => {
  const latencyMs = 300;
  const sim = await simulator({ faults: { latencyMs } });
  const client = clientFor(sim);
  const [w] = await client.client.createWebhooks([hook(0)]);
  const started = Date.now();
  await client.updateWebhook({ webhookKey: w!.webhookKey, webhookState: 'ACTIVE' });
  const elapsed = Date.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(latencyMs);
  expect(elapsed).toBeLessThan(2 * latencyMs); // one request, sent without waiting for another round trip
});

test('calls that arrive while a request of their kind is in flight gather into the next one', async () => {
  const sim = await simulator({ faults: { latencyMs: 200 } });
  const client = clientFor(sim);
  const first = client.createWebhook(hook(0));
  await sleep(50); // the first request is in flight now
  const later = [1, 2, 3, 4, 5].map((i) => client.createWebhook(hook(i)));
  await Promise.all([first, ...later]);
  expect(batches(sim)).toEqual({ 'POST /webhooks 200': [1, 5] });
});

test('a stream of calls a few tens of ms apart, as the engine delivers them, is gathered into few requests', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  await createApart(client, 12, 30);
  const sizes = batches(sim)['POST /webhooks 200']!;
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
  expect(sizes.length).toBeLessThanOrEqual(2); // the first may go alone; the stream behind it goes together
});

test('a slow stream, as a big stack delivers it (calls 250 ms apart), is gathered too: the pause follows its rhythm', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  await createApart(client, 12, 250); // slower than the 150 ms pause that ends a fast stream
  const sizes = batches(sim)['POST /webhooks 200']!;
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
  expect(sizes.length).toBeLessThanOrEqual(4); // a fixed 150 ms pause sent each call alone (12 requests)
});

test('a call in the pause after a batch waits for the burst behind it instead of going alone', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  // One batch, handed out at the rhythm of a big stack: the engine then records its six results, a write each at
  // about that rhythm (some 1.5 s), and lets one step out meanwhile.
  await createApart(client, 6, 250);
  await sleep(1000);
  const straggler = client.createWebhook(hook(6));
  await sleep(800); // and then hands out the next burst
  await Promise.all([straggler, ...[7, 8, 9, 10].map((i) => client.createWebhook(hook(i)))]);
  // The stream's first call goes alone, the rest of it together; going alone, the straggler made it [1, 5, 1, 4].
  expect(batches(sim)['POST /webhooks 200']).toEqual([1, 5, 5]);
});

test("a straggler's batch goes once the burst behind it pauses, not a fixed wait after the straggler", async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  await createApart(client, 6, 250); // the engine now records six results, about 1.5 s
  await sleep(200);
  const straggler = client.createWebhook(hook(6));
  await sleep(100);
  const burst = createApart(client, 4, 40).then(() => Date.now());
  const lastCallAt = Date.now() + 4 * 40;
  await Promise.all([straggler, burst]);
  const post = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks')).pop()!;
  expect(batches(sim)['POST /webhooks 200']).toEqual([1, 5, 5]);
  // The burst's pause (three of its gaps), not the straggler's 3 s: the engine waits for these answers.
  expect(Date.parse(post.time) - lastCallAt).toBeLessThan(1000);
});

test('a lone call after a batch the engine has long recorded goes at once (no straggler wait)', async () => {
  const latencyMs = 300;
  const sim = await simulator();
  const client = clientFor(sim);
  await Promise.all([0, 1, 2, 3, 4, 5].map((i) => client.createWebhook(hook(i)))); // handed out at one instant
  await sleep(500);
  sim.setFaults({ latencyMs });
  const started = Date.now();
  await client.createWebhook(hook(6));
  // POST, then a GET that finds it (create-once), or just the POST: about one round trip, not 3 s of waiting.
  expect(Date.now() - started).toBeLessThan(3 * latencyMs + 500);
  expect(batches(sim)['POST /webhooks 200']).toEqual([6, 1]);
});

test('a call that comes while a full batch is in flight goes when it returns, not after a straggler wait', async () => {
  const latencyMs = 300;
  const sim = await simulator({ faults: { latencyMs } });
  const client = clientFor(sim, { maxBatchSize: 4 });
  const started = Date.now();
  const full = Promise.all([0, 1, 2, 3].map((i) => client.createWebhook(hook(i)))); // full: goes at once
  await sleep(50);
  const tail = client.createWebhook(hook(4)); // the stream's last call, behind it
  await Promise.all([full, tail]);
  expect(batches(sim)['POST /webhooks 200']).toEqual([4, 1]);
  expect(Date.now() - started).toBeLessThan(4 * latencyMs + 500); // two round trips, not 3 s more
});

test("a burst of our own (a create batch's activations, fanned out at one instant) goes 20 ms after it, not a stream's 150 ms pause", async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const hooks = await client.client.createWebhooks([0, 1, 2, 3, 4].map(hook));
  sim.clearRequests();
  await sleep(1200); // past the create's answer: these are one burst, not the engine's stream
  const lastCallAt = Date.now();
  await Promise.all(hooks.map((w) => client.updateWebhook({ webhookKey: w.webhookKey, webhookState: 'ACTIVE' })));
  const put = sim.requests().find((r) => r.method === 'PUT')!;
  expect(batches(sim)).toEqual({ 'PUT /webhooks 204': [5] });
  expect(Date.parse(put.time) - lastCallAt).toBeLessThan(120); // the engine waits for every one of those creates
});

test("the first subscription after the webhooks' answers waits for the others: the engine records those answers first", async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const made = await createApart(client, 6, 250); // six results to record, about 1.5 s
  await sleep(300);
  const subs: Promise<unknown>[] = [];
  for (const w of made) {
    subs.push(client.createUserSubscription({ webhookKey: w.webhookKey }));
    await sleep(100);
  }
  await Promise.all(subs);
  expect(batches(sim)['POST /userSubscriptions 200']).toEqual([6]); // the first alone made it [1, 5]
});

test('after a slow stream has ended, a lone call again goes at once', async () => {
  const latencyMs = 300;
  const sim = await simulator();
  const client = clientFor(sim);
  const made = await createApart(client, 6, 250);
  await sleep(10_200); // a lull, longer than the engine's pauses after a batch
  sim.setFaults({ latencyMs });
  const started = Date.now();
  await client.updateWebhook({ webhookKey: made[0]!.webhookKey, webhookState: 'ACTIVE' });
  expect(Date.now() - started).toBeLessThan(2 * latencyMs);
});

test('a failed call is reported once its kind is quiet, so the engine has handed out the calls behind it', async () => {
  const sim = await simulator();
  const client = clientFor(sim);
  const bad = client.createWebhook({ callbackUrl: 'http://127.0.0.1:1/nobody-listens', eventName: 'webinar.created' });
  let failedAt = 0;
  bad.catch(() => (failedAt = Date.now()));
  const good: Promise<unknown>[] = [];
  let lastCall = 0;
  for (let i = 0; i < 10; i++) {
    await sleep(40); // a stream, as the engine delivers it
    lastCall = Date.now();
    good.push(client.createWebhook(hook(i)));
  }
  await Promise.all(good);
  await expect(bad).rejects.toMatchObject({ status: 400 });
  expect(failedAt).toBeGreaterThan(lastCall); // not before the last call of the stream had come
  expect(sim.state().webhooks).toHaveLength(10);
});

test('maxBatchSize 1 sends every call alone', async () => {
  const sim = await simulator();
  const client = clientFor(sim, { maxBatchSize: 1 });
  await Promise.all([0, 1, 2].map((i) => client.createWebhook(hook(i))));
  expect(batches(sim)).toEqual({ 'POST /webhooks 200': [1, 1, 1] });
});

test('concurrent identical list requests share one request; the next list is a new one', async () => {
  const sim = await simulator();
  const connection = clientFor(sim);
  const lists = await Promise.all(Array.from({ length: 20 }, () => connection.listWebhooks()));
  expect(lists).toHaveLength(20);
  const gets = () => sim.requests().filter((r) => r.kind === 'api' && r.method === 'GET');
  expect(gets()).toHaveLength(1);
  await connection.listWebhooks();
  expect(gets()).toHaveLength(2);
});
