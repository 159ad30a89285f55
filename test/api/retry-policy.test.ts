import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
} from '../../provider/api/retry-policy';
import { mayHaveBeenApplied } from '../../provider/api/retry-policy';

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
});
