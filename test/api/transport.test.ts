/**
 * The transport on a virtual clock, against a real loopback server that answers from a script: every wait
 * (backoff, consistency polls, the rate-limit budget) goes through the session's clock, so the schedule is checked
 * without real sleeping, and messages of an array request say how many objects it carries.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../provider/api/clock';
import { GoToApiError } from '../../provider/api/errors';
import { SlidingWindowLimiter } from '../../provider/api/rate-limiter';
import { Redactor } from '../../provider/api/redact';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../provider/api/retry-policy';
import type { Session } from '../../provider/api/session';
import { OAuthTokenSource, StaticTokenSource, type TokenSource } from '../../provider/api/token-source';
import { Transport } from '../../provider/api/transport';
import { CLIENT_OPTION_NAMES } from '../../provider/api/setting-names';
import { virtualClock } from '../support/virtual-clock';

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

let server: Server;
let apiUrl: string;
let script: Scripted[] = [];
/** The answer once the script is used up. */
let otherwise: Scripted = { status: 500 };
let seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const next = script.shift() ?? otherwise;
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body === undefined ? '' : JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/G2W/rest/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  otherwise = { status: 500 };
  seen = [];
});

/** Sleeping advances virtual time at once and is recorded. */
function transport(
  clock: Clock,
  progress: string[],
  tokens: TokenSource = new StaticTokenSource('static-token-value', CLIENT_OPTION_NAMES),
  retry: Partial<RetryPolicy> = {},
) {
  const session: Session = {
    tokens,
    limiter: new SlidingWindowLimiter({ limit: 100, intervalMs: 1000 }, clock.now, clock.sleep),
    redactor: new Redactor(['static-token-value']),
    recentlyCreated: new Map(),
    clock,
  };
  return new Transport(session, {
    apiUrl,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, ...retry },
    timeoutMs: 5000,
    random: () => 0.5,
    names: CLIENT_OPTION_NAMES,
    onProgress: (m) => progress.push(m),
  });
}

test('consistency 404s are polled on the session clock, without using up attempts', async () => {
  const clock = virtualClock();
  const progress: string[] = [];
  script = [{ status: 404 }, { status: 404 }, { status: 404 }, { status: 404 }, { status: 204 }];
  const started = Date.now();
  await transport(clock, progress).call({
    operation: 'updateWebhooks',
    method: 'PUT',
    path: '/webhooks',
    json: [{}, {}],
    key: '1,2',
    items: 2,
    notFoundRetryUntil: clock.now() + 10_000,
  });
  expect(Date.now() - started).toBeLessThan(2000); // 200+300+450+675 ms of waiting were virtual
  expect(clock.slept).toEqual([200, 300, 450, 675]);
  expect(seen).toHaveLength(5);
  expect(progress[0]).toBe(
    'updateWebhooks (2 objects) 1,2: not visible yet (GoTo is eventually consistent), retrying in 0.2 s',
  );
});

test('a 404 past the consistency deadline is reported at once', async () => {
  const clock = virtualClock();
  script = [{ status: 404 }, { status: 404 }, { status: 404 }];
  const call = transport(clock, []).call({
    operation: 'getWebhook',
    method: 'GET',
    path: '/webhooks/1',
    key: '1',
    notFoundRetryUntil: clock.now() + 250,
  });
  await expect(call).rejects.toMatchObject({ code: 'ERR_GOTO_NOT_FOUND', attempts: 1 });
  expect(clock.slept).toEqual([200, 300]); // looks at 0, 200 and 500 ms: the last is past the 250 ms deadline
  expect(seen).toHaveLength(3);
});

test('backoff on 429 waits on the session clock and names the size of an array request', async () => {
  const clock = virtualClock();
  const progress: string[] = [];
  script = [{ status: 429 }, { status: 429 }, { status: 200, body: [{ webhookKey: '1' }] }];
  const body = await transport(clock, progress).call({
    operation: 'createWebhooks',
    method: 'POST',
    path: '/webhooks',
    json: Array.from({ length: 25 }, () => ({})),
    items: 25,
  });
  expect(body).toEqual([{ webhookKey: '1' }]);
  expect(clock.slept).toEqual([225, 450]); // equal jitter at random() = 0.5: 300 → 225, 600 → 450
  expect(progress).toEqual([
    'createWebhooks (25 objects): rate limited (HTTP 429) for 0.0 s of at most 300 s, retrying in 0.2 s',
    'createWebhooks (25 objects): rate limited (HTTP 429) for 0.2 s of at most 300 s, retrying in 0.5 s',
  ]);
});

test('429s are waited out for as long as the budget allows, far beyond the attempt count', async () => {
  const clock = virtualClock();
  const progress: string[] = [];
  script = [...Array.from({ length: 20 }, () => ({ status: 429 })), { status: 200, body: [] }];
  const body = await transport(clock, progress).call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks' });
  expect(body).toEqual([]);
  expect(seen).toHaveLength(21); // maxAttempts is 3: a 429 does not use one up
  // Backing off to the 8 s ceiling (6 s each at random() = 0.5): the 20th refusal came 91 virtual seconds after the first.
  expect(clock.slept.slice(-3)).toEqual([6000, 6000, 6000]);
  expect(progress[19]).toBe('listWebhooks: rate limited (HTTP 429) for 91 s of at most 300 s, retrying in 6.0 s');
});

test('past the budget a 429 fails, saying how long it waited and which setting waits longer; no token in it', async () => {
  const clock = virtualClock();
  const progress: string[] = [];
  otherwise = { status: 429, body: { int_err_code: 'TooManyRequests', msg: 'Rate limit exceeded' } };
  const started = clock.now();
  let error: GoToApiError | undefined;
  try {
    await transport(clock, progress, undefined, { rateLimitBudgetMs: 60_000 }).call({
      operation: 'listWebhooks',
      method: 'GET',
      path: '/webhooks',
    });
  } catch (e) {
    error = e as GoToApiError;
  }
  expect(clock.now() - started).toBe(60_000); // the last wait was cut to end at the budget
  expect(error).toMatchObject({ code: 'ERR_GOTO_RATE_LIMITED', status: 429, gotoCode: 'TooManyRequests', attempts: seen.length });
  expect(error!.message).toBe(
    'GoToWebinar listWebhooks failed: HTTP 429 TooManyRequests: Rate limit exceeded. Still rate limited after waiting ' +
      `60 s (${seen.length} attempts), the most this client waits (60 s): GoTo allows 10 requests/s per token and this ` +
      'client keeps under that, so something else is probably using the same credentials (another pipeline or ' +
      'integration). Run again once it is done, or wait longer: raise the retry.rateLimitBudgetMs option.',
  );
  expect(progress.every((m) => /^listWebhooks: rate limited \(HTTP 429\) for [\d.]+ s of at most 60 s, retrying in [\d.]+ s$/.test(m))).toBe(true);
  expect(progress).toHaveLength(seen.length - 1);
  for (const text of [error!.message, ...progress]) expect(text).not.toContain('static-token-value');
});

test('a budget of 0 fails at the first 429', async () => {
  const clock = virtualClock();
  otherwise = { status: 429 };
  const call = transport(clock, [], undefined, { rateLimitBudgetMs: 0 }).call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks' });
  await expect(call).rejects.toMatchObject({ code: 'ERR_GOTO_RATE_LIMITED', attempts: 1 });
  await expect(call).rejects.toThrow(/waiting out rate limits is off .* set the retry\.rateLimitBudgetMs option/);
  expect(clock.slept).toEqual([]);
});

test('5xx keeps its attempt count when 429s came first', async () => {
  const clock = virtualClock();
  const progress: string[] = [];
  script = [{ status: 429 }, { status: 429 }, { status: 503 }, { status: 503 }, { status: 503 }];
  const call = transport(clock, progress).call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks' });
  await expect(call).rejects.toMatchObject({ code: 'ERR_GOTO_SERVER', status: 503, attempts: 5 });
  await expect(call).rejects.toThrow(/server error on all 5 attempts; retry later/);
  expect(progress.slice(2)).toEqual([
    'listWebhooks: HTTP 503, retrying in 0.2 s (attempt 2/3)',
    'listWebhooks: HTTP 503, retrying in 0.5 s (attempt 3/3)',
  ]);
});

test('a Retry-After beyond the policy is not waited for', async () => {
  const clock = virtualClock();
  script = [{ status: 429, headers: { 'retry-after': '3600' } }];
  const call = transport(clock, []).call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks' });
  await expect(call).rejects.toMatchObject({ code: 'ERR_GOTO_RATE_LIMITED', attempts: 1 });
  expect(clock.slept).toEqual([]);
});

test('a 400 refusal of an array request is a GoToApiError with GoTo code, saying how many objects it carried', async () => {
  const clock = virtualClock();
  script = [{ status: 400, body: { int_err_code: 'InvalidRequest', msg: 'callbackUrl is not https' } }];
  let error: unknown;
  try {
    await transport(clock, []).call({
      operation: 'createWebhooks',
      method: 'POST',
      path: '/webhooks',
      json: Array.from({ length: 25 }, () => ({})),
      items: 25,
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(GoToApiError);
  expect(error).toMatchObject({
    code: 'ERR_GOTO_BAD_REQUEST',
    status: 400,
    gotoCode: 'InvalidRequest',
    operation: 'createWebhooks',
    attempts: 1,
  });
  expect((error as Error).message).toMatch(
    /^GoToWebinar createWebhooks \(25 objects\) failed: HTTP 400 InvalidRequest: callbackUrl is not https\./,
  );
  expect(seen).toHaveLength(1);
});

test('each status comes to its code, with advice on what to do', async () => {
  const cases = [
    { status: 400, code: 'ERR_GOTO_BAD_REQUEST', says: /fix the value its message names/ },
    { status: 403, code: 'ERR_GOTO_UNAUTHORIZED', says: /static access token was refused.*credentials\.accessToken/ },
    { status: 404, code: 'ERR_GOTO_NOT_FOUND', says: /deleted outside Pulumi/ },
    { status: 409, code: 'ERR_GOTO_HTTP', says: /Unexpected status/ },
    { status: 503, code: 'ERR_GOTO_SERVER', says: /may have been applied: list the objects before retrying/ },
  ];
  for (const c of cases) {
    script = [{ status: c.status }];
    const call = transport(virtualClock(), []).call({ operation: 'createWebhooks', method: 'POST', path: '/webhooks', json: [{}] });
    await expect(call).rejects.toMatchObject({ code: c.code, status: c.status, attempts: 1, mayHaveSucceeded: c.status === 503 });
    await expect(call).rejects.toThrow(c.says);
  }
});

test('a one-object call keeps the plain label', async () => {
  const clock = virtualClock();
  script = [{ status: 400, body: { int_err_code: 'InvalidRequest' } }];
  const call = transport(clock, []).call({
    operation: 'deleteWebhooks',
    method: 'DELETE',
    path: '/webhooks',
    key: '7',
    items: 1,
  });
  await expect(call).rejects.toThrow(/^GoToWebinar deleteWebhooks \(7\) failed: HTTP 400/);
});

test('the token refresh waits on the same clock: a 5xx from the token endpoint, then a 403 InvalidToken renewal', async () => {
  const clock = virtualClock();
  const redactor = new Redactor([]);
  const oauth = new OAuthTokenSource(
    { clientId: 'client-id', clientSecret: 'client-secret-value', refreshToken: 'refresh-token-value' },
    `${apiUrl.replace(/\/G2W.*$/, '')}/oauth/token`,
    redactor,
    5000,
    clock,
    CLIENT_OPTION_NAMES,
  );
  script = [
    { status: 503 },
    { status: 200, body: { access_token: 'first-access-token', expires_in: 3600 } },
    { status: 403, body: { int_err_code: 'InvalidToken' } },
    { status: 200, body: { access_token: 'second-access-token', expires_in: 3600 } },
    { status: 200, body: [] },
  ];
  const body = await transport(clock, [], oauth).call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks' });
  expect(body).toEqual([]);
  expect(seen).toEqual([
    'POST /oauth/token',
    'POST /oauth/token',
    'GET /G2W/rest/v2/webhooks',
    'POST /oauth/token',
    'GET /G2W/rest/v2/webhooks',
  ]);
  expect(clock.slept).toEqual([250]); // the token endpoint's one backoff; the renewal itself is not a wait
});
