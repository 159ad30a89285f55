/**
 * The transport on a virtual clock, against a real loopback server that answers from a script: every wait
 * (backoff, consistency polls) goes through the session's clock, so the schedule is checked without real sleeping,
 * and messages of an array request say how many objects it carries.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../provider/api/clock';
import { GoToApiError } from '../../provider/api/errors';
import { SlidingWindowLimiter } from '../../provider/api/rate-limiter';
import { Redactor } from '../../provider/api/redact';
import { DEFAULT_RETRY_POLICY } from '../../provider/api/retry-policy';
import type { Session } from '../../provider/api/session';
import { OAuthRefreshTokenSource, StaticTokenSource, type TokenSource } from '../../provider/api/token-source';
import { Transport } from '../../provider/api/transport';

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

let server: Server;
let apiUrl: string;
let script: Scripted[] = [];
let seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const next = script.shift() ?? { status: 500 };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body === undefined ? '' : JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/G2W/rest/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen = [];
});

/** Sleeping advances virtual time at once and is recorded. */
function virtualClock(): Clock & { slept: number[] } {
  let t = Date.UTC(2026, 0, 1);
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

function transport(clock: Clock, progress: string[], tokens: TokenSource = new StaticTokenSource('static-token-value')) {
  const session: Session = {
    tokens,
    limiter: new SlidingWindowLimiter({ limit: 100, intervalMs: 1000 }, clock.now, clock.sleep),
    redactor: new Redactor(['static-token-value']),
    recentlyCreated: new Map(),
    clock,
  };
  return new Transport(session, {
    apiUrl,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    timeoutMs: 5000,
    random: () => 0.5,
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
    'updateWebhooks (2 objects) 1,2: not visible yet (GoTo is eventually consistent), retrying in 0.2s',
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
    'createWebhooks (25 objects): HTTP 429, retrying in 0.2s (attempt 2/3)',
    'createWebhooks (25 objects): HTTP 429, retrying in 0.5s (attempt 3/3)',
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
  const oauth = new OAuthRefreshTokenSource(
    { clientId: 'client-id', clientSecret: 'client-secret-value', refreshToken: 'refresh-token-value' },
    `${apiUrl.replace(/\/G2W.*$/, '')}/oauth/token`,
    redactor,
    5000,
    clock,
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
