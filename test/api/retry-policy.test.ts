import {
  backoffDelayMs,
  CONSISTENCY_BACKOFF,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  LOST_CREATE_BACKOFF,
  mayHaveBeenApplied,
  nextRetry,
  parseRetryAfter,
  retryDelayMs,
  TOKEN_ENDPOINT_BACKOFF,
  type Backoff,
} from '../../provider/api/retry-policy';

describe('retry policy (pure functions)', () => {
  test('429 is retryable for every method, POST included: GoTo did not process the request', () => {
    for (const m of ['GET', 'PUT', 'DELETE', 'POST'] as const) {
      expect(isRetryable(m, { kind: 'status', status: 429 })).toBe(true);
    }
  });

  test('5xx and dropped connections are retried only for idempotent methods', () => {
    expect(isRetryable('GET', { kind: 'status', status: 503 })).toBe(true);
    expect(isRetryable('PUT', { kind: 'status', status: 500 })).toBe(true);
    expect(isRetryable('DELETE', { kind: 'network', errorCode: 'ECONNRESET' })).toBe(true);
    expect(isRetryable('POST', { kind: 'status', status: 503 })).toBe(false);
    expect(isRetryable('POST', { kind: 'network', errorCode: 'ECONNRESET' })).toBe(false);
    expect(mayHaveBeenApplied('POST', { kind: 'network', errorCode: 'ECONNRESET' })).toBe(true);
  });

  test('a POST whose connection never opened is safe to repeat', () => {
    expect(isRetryable('POST', { kind: 'network', errorCode: 'ECONNREFUSED' })).toBe(true);
    expect(mayHaveBeenApplied('POST', { kind: 'network', errorCode: 'ECONNREFUSED' })).toBe(false);
  });

  test('4xx other than 429 is never retried', () => {
    for (const status of [400, 401, 403, 404, 409]) {
      expect(isRetryable('GET', { kind: 'status', status })).toBe(false);
    }
  });

  test('Retry-After: delta-seconds, HTTP date, absent, garbage', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  test('backoff doubles per attempt, is jittered between half and full step, and is capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(1, p, () => 0)).toBe(50);
    expect(retryDelayMs(1, p, () => 1)).toBe(100);
    expect(retryDelayMs(3, p, () => 0)).toBe(200);
    expect(retryDelayMs(3, p, () => 1)).toBe(400);
    expect(retryDelayMs(10, p, () => 1)).toBe(1000);
    expect(retryDelayMs(10, p, () => 0)).toBe(500);
  });

  test('a Retry-After overrides the computed backoff', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.5, 4200)).toBe(4200);
  });

  test('one backoff function: first step, growth, ceiling and jitter', () => {
    const b: Backoff = { firstMs: 100, growth: 3, maxMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, b))).toEqual([100, 300, 900, 1000]);
    const never = () => {
      throw new Error('a schedule without jitter reads no random number');
    };
    expect(backoffDelayMs(2, b, never)).toBe(300);
    const quarter: Backoff = { ...b, jitter: 0.25 };
    expect(backoffDelayMs(2, quarter, () => 0)).toBe(225); // three quarters fixed
    expect(backoffDelayMs(2, quarter, () => 1)).toBe(300);
  });

  test("every wait of the package is a schedule of it, as each caller waited before", () => {
    const waits = (b: Backoff, n: number) => Array.from({ length: n }, (_, i) => backoffDelayMs(i + 1, b));
    expect(waits(CONSISTENCY_BACKOFF, 8)).toEqual([200, 300, 450, 675, 1013, 1519, 2000, 2000]); // +50 % to 2 s
    expect(waits(TOKEN_ENDPOINT_BACKOFF, 2)).toEqual([250, 500]); // the token endpoint's two retries
    expect(waits(LOST_CREATE_BACKOFF, 6)).toEqual([200, 400, 800, 1600, 2000, 2000]); // doubling to 2 s
    const api = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    for (const n of [1, 3, 10]) expect(retryDelayMs(n, api, () => 0.3)).toBe(Math.round(Math.min(1000, 100 * 2 ** (n - 1)) * 0.65));
  });
});

describe('retry decision: 429 within a time budget, other failures within an attempt count', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, rateLimitBudgetMs: 10_000 };
  const tooMany = { kind: 'status', status: 429 } as const;
  const unavailable = { kind: 'status', status: 503 } as const;
  const half = () => 0.5;

  test('429s do not use up attempts: they are retried, backing off to the ceiling, until the budget has passed', () => {
    expect(nextRetry('GET', tooMany, { failures: 0, rateLimited: 1, rateLimitedForMs: 0 }, policy, half)).toEqual({ delayMs: 75 });
    expect(nextRetry('POST', tooMany, { failures: 0, rateLimited: 20, rateLimitedForMs: 5000 }, policy, half)).toEqual({ delayMs: 750 });
    // The last wait ends at the budget, not a step after it.
    expect(nextRetry('GET', tooMany, { failures: 0, rateLimited: 20, rateLimitedForMs: 9800 }, policy, half)).toEqual({ delayMs: 200 });
    expect(nextRetry('GET', tooMany, { failures: 0, rateLimited: 21, rateLimitedForMs: 10_000 }, policy, half)).toEqual({
      giveUp: 'rate-limit-budget',
    });
  });

  test('a budget of 0 fails at the first 429', () => {
    const none = { ...policy, rateLimitBudgetMs: 0 };
    expect(nextRetry('GET', tooMany, { failures: 0, rateLimited: 1, rateLimitedForMs: 0 }, none, half)).toEqual({
      giveUp: 'rate-limit-budget',
    });
  });

  test('a Retry-After is honoured within the budget, and given up on beyond it or beyond maxRetryAfterMs', () => {
    const p = { failures: 0, rateLimited: 3, rateLimitedForMs: 4000 };
    expect(nextRetry('GET', tooMany, p, policy, half, 5000)).toEqual({ delayMs: 5000 });
    expect(nextRetry('GET', tooMany, p, policy, half, 7000)).toEqual({ giveUp: 'retry-after' });
    expect(nextRetry('GET', tooMany, { ...p, rateLimitedForMs: 0 }, { ...policy, rateLimitBudgetMs: 600_000 }, half, 120_000)).toEqual({
      giveUp: 'retry-after',
    });
  });

  test('5xx and dropped connections keep their attempt count, whatever 429s came before', () => {
    expect(nextRetry('GET', unavailable, { failures: 2, rateLimited: 50, rateLimitedForMs: 9000 }, policy, half)).toEqual({ delayMs: 150 });
    expect(nextRetry('GET', unavailable, { failures: 3, rateLimited: 0 }, policy, half)).toEqual({ giveUp: 'attempts' });
    expect(nextRetry('PUT', { kind: 'network', errorCode: 'ECONNRESET' }, { failures: 3, rateLimited: 0 }, policy, half)).toEqual({
      giveUp: 'attempts',
    });
    expect(nextRetry('POST', unavailable, { failures: 1, rateLimited: 0 }, policy, half)).toEqual({ giveUp: 'not-retryable' });
  });
});
