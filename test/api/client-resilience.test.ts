/**
 * Rate limiting, retries, eventual consistency and dropped connections, against the simulator's real rate limit
 * and fault injection. No error provoked here may contain the token.
 */
import { virtualClock } from '../support/virtual-clock';
import { GoToClient, GoToApiError } from '../../provider/api';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';
import { expectNoSecrets, rejectionOf } from '../support/no-secrets';

let sim: RunningSimulator;
let receiver: CallbackServer;
let token: string;
const progress: string[] = [];

function newClient(extra: Partial<ConstructorParameters<typeof GoToClient>[0]> = {}) {
  return new GoToClient({
    credentials: { accessToken: token },
    apiUrl: sim.apiUrl,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    onProgress: (m) => progress.push(m),
    ...extra,
  });
}

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  token = sim.users[0].accessToken;
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});
beforeEach(() => {
  sim.reset();
  sim.setFaults({
    serverErrorRate: 0,
    latencyMs: 0,
    notFoundAfterCreateMs: 0,
    dropConnectionRate: 0,
    tooManyRequestsBurst: 0,
    tooManyRequestsForMs: 0,
  });
  progress.length = 0;
});

const apiStatuses = () => sim.requests().filter((r) => r.kind === 'api').map((r) => r.status);

test('50 concurrent requests under GoTo limit of 10/s: no 429 reaches a caller, and the server sees none', async () => {
  const c = newClient();
  const made = await c.createWebhooks(
    Array.from({ length: 50 }, (_, i) => ({ callbackUrl: `${receiver.url}/h${i}`, eventName: 'registrant.added' as const })),
  );
  await new Promise((r) => setTimeout(r, 1100)); // a fresh rate-limit window
  sim.clearRequests();
  const started = Date.now();
  const results = await Promise.all(made.map((w) => c.getWebhook(w.webhookKey)));
  const elapsed = Date.now() - started;
  expect(results.map((w) => w.webhookKey)).toEqual(made.map((w) => w.webhookKey));
  expect(apiStatuses().filter((s) => s === 429)).toEqual([]);
  expect(apiStatuses()).toHaveLength(50);
  // 50 requests at 10 per 1.1 s cannot finish in under four full windows: the limiter really spaced them.
  expect(elapsed).toBeGreaterThanOrEqual(4 * 1100);
});

test('a burst of 429s (no Retry-After) is absorbed with backoff, also for a POST', async () => {
  sim.setFaults({ tooManyRequestsBurst: 3 });
  const c = newClient();
  const [w] = await c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]);
  expect(w.webhookKey).toBeTruthy();
  expect(apiStatuses()).toEqual([429, 429, 429, 200]);
  expect(sim.state().webhooks).toHaveLength(1);
  expect(progress.some((m) => /rate limited \(HTTP 429\) for [\d.]+ s of at most 300 s, retrying in/.test(m))).toBe(true);
});

test('a period of 429s (a co-tenant on the same token) that outlasts the attempt count is waited out', async () => {
  sim.setFaults({ tooManyRequestsForMs: 1500 });
  // Three attempts 20 and 40 ms apart would all fall in the period: 429s are waited out by time instead.
  const c = newClient({ retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 } });
  await expect(c.listWebhooks()).resolves.toEqual([]);
  const statuses = apiStatuses();
  expect(statuses[statuses.length - 1]).toBe(200);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(3);
  expect(progress.filter((m) => /^listWebhooks: rate limited \(HTTP 429\) for [\d.]+ s of at most 300 s, retrying in/.test(m)).length).toBe(
    statuses.length - 1,
  );
});

test('429 for longer than the budget ends in ERR_GOTO_RATE_LIMITED when the budget has passed on the injected clock', async () => {
  sim.setFaults({ tooManyRequestsBurst: 1_000_000 });
  const clock = virtualClock(Date.now());
  const { slept } = clock;
  const [user] = sim.users;
  const client = sim.clients.find((k) => k.clientId === user.clientId)!;
  const credentials = { clientId: client.clientId, clientSecret: client.clientSecret, refreshToken: user.refreshToken };
  // OAuth credentials: a session of their own, which this clock starts.
  const c = newClient({ credentials, authUrl: sim.authUrl, clock, retry: { maxAttempts: 2, rateLimitBudgetMs: 30_000 } });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  const refused = apiStatuses();
  expect(err).toMatchObject({ code: 'ERR_GOTO_RATE_LIMITED', status: 429, attempts: refused.length });
  expect(refused.length).toBeGreaterThan(2);
  expect(refused.every((s) => s === 429)).toBe(true);
  expect(slept.reduce((a, b) => a + b, 0)).toBe(30_000);
  expect(err.message).toMatch(/Still rate limited after waiting 30 s .* raise the retry\.rateLimitBudgetMs option/);
  expect(progress.at(-1)).toMatch(/^listWebhooks: rate limited \(HTTP 429\) for 2\d s of at most 30 s, retrying in [\d.]+ s$/);
  const issued = sim.requests().filter((r) => r.kind === 'oauth');
  expect(issued).toHaveLength(1);
  expectNoSecrets(err, [client.clientSecret, user.refreshToken]);
  for (const line of [err.message, ...progress]) expect(line).not.toMatch(/Bearer|sim-at-|dev-refresh/);
});

test('5xx on GET, PUT and DELETE is retried until it succeeds', async () => {
  const c = newClient();
  const [w] = await c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'webinar.created' }]);
  sim.clearRequests();
  sim.setFaults({ serverErrorRate: 0.5, seed: 7 });
  for (let i = 0; i < 5; i++) {
    await c.getWebhook(w.webhookKey);
    await c.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: i % 2 ? 'ACTIVE' : 'INACTIVE' }]);
  }
  await c.deleteWebhooks([w.webhookKey]);
  const statuses = apiStatuses();
  expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s < 300)).toHaveLength(11);
});

test('a POST answered 5xx is never repeated: it fails saying it may have been applied', async () => {
  sim.setFaults({ serverErrorRate: 1 });
  const err = (await rejectionOf(() =>
    newClient().createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]),
  )) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_SERVER', status: 503, mayHaveSucceeded: true, attempts: 1 });
  expect(err.message).toMatch(/duplicate/);
  expect(sim.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
  expectNoSecrets(err, [token]);
});

test('dropped connections: GET is retried; a POST is not repeated and is flagged as possibly applied', async () => {
  sim.setFaults({ dropConnectionRate: 1 });
  const c = newClient({ retry: { maxAttempts: 3, baseDelayMs: 5 } });
  const getErr = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(getErr).toMatchObject({ code: 'ERR_GOTO_NETWORK', attempts: 3, mayHaveSucceeded: false });
  const postErr = (await rejectionOf(() =>
    c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]),
  )) as GoToApiError;
  expect(postErr).toMatchObject({ code: 'ERR_GOTO_NETWORK', attempts: 1, mayHaveSucceeded: true });
  expectNoSecrets(getErr, [token]);
  expectNoSecrets(postErr, [token]);

  sim.setFaults({ dropConnectionRate: 0.5, seed: 3 });
  await expect(newClient().listWebhooks()).resolves.toEqual([]);
});

test('eventual consistency: reading and activating a just-created webhook waits out GoTo 404s, with progress', async () => {
  sim.setFaults({ notFoundAfterCreateMs: 800 });
  const c = newClient();
  const [w] = await c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]);
  const started = Date.now();
  await c.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }]);
  expect((await c.getWebhook(w.webhookKey)).webhookState).toBe('ACTIVE');
  expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  const puts = sim.requests().filter((r) => r.method === 'PUT').map((r) => r.status);
  expect(puts[puts.length - 1]).toBe(204);
  expect(puts.filter((s) => s === 404).length).toBeGreaterThan(0);
  expect(progress.some((m) => /eventually consistent/.test(m))).toBe(true);
});

test('waitForWebhook gives up after its bound with ERR_GOTO_CONSISTENCY_TIMEOUT', async () => {
  sim.setFaults({ notFoundAfterCreateMs: 60_000 });
  const c = newClient();
  const [w] = await c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]);
  const err = (await rejectionOf(() => c.waitForWebhook(w.webhookKey, 700))) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_CONSISTENCY_TIMEOUT', key: w.webhookKey });
  const gets = sim.requests().filter((r) => r.method === 'GET');
  expect(gets.length).toBeGreaterThanOrEqual(2); // polled with backoff, not one long sleep
  expect(gets.length).toBeLessThan(10);
});

test('the consistency wait runs on the injected clock: 30 virtual seconds of polling take no real 30 s', async () => {
  sim.setFaults({ notFoundAfterCreateMs: 60_000 });
  const clock = virtualClock(Date.now());
  const { slept } = clock;
  // Another user's token: a session of its own, which this clock starts.
  const c = newClient({ credentials: { accessToken: sim.users[1].accessToken }, clock, consistencyTimeoutMs: 30_000 });
  const w = (await c.createWebhooks([{ callbackUrl: `${receiver.url}/x`, eventName: 'registrant.added' }]))[0]!;
  const started = Date.now();
  // The client keeps its own limit on the virtual clock; the simulator's runs on real time, so it is off here.
  sim.setRateLimit(0);
  const err = (await rejectionOf(() => c.waitForWebhook(w.webhookKey)).finally(() => sim.setRateLimit(10))) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_CONSISTENCY_TIMEOUT', key: w.webhookKey });
  expect(err.message).toMatch(/still not readable after 30s/);
  expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(29_000);
  expect(Math.max(...slept)).toBeLessThanOrEqual(2000); // polled with backoff up to 2 s
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('a 404 for a key this process did not just create is reported at once (drift stays visible)', async () => {
  const c = newClient();
  await expect(c.getWebhook('5550000000000000000')).rejects.toMatchObject({ code: 'ERR_GOTO_NOT_FOUND' });
  expect(apiStatuses()).toEqual([404]);
});

test('an API that does not answer: clear network error naming the setting', async () => {
  const c = new GoToClient({ credentials: { accessToken: token }, apiUrl: 'http://127.0.0.1:9/G2W/rest/v2', retry: { maxAttempts: 2, baseDelayMs: 5 } });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_NETWORK', attempts: 2 });
  expect(err.message).toMatch(/the apiUrl option/);
  expectNoSecrets(err, [token]);
});

test('latency does not break anything and a slow answer beyond the timeout is a network error', async () => {
  sim.setFaults({ latencyMs: 300 });
  const c = newClient({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 5 } });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_NETWORK', attempts: 2 });
  expectNoSecrets(err, [token]);
  await expect(newClient({ timeoutMs: 2000 }).listWebhooks()).resolves.toEqual([]);
});
