/**
 * Retry decisions as pure functions (no clock, no I/O), so they are tested directly and reused by every caller.
 */

export interface RetryPolicy {
  /** Attempts in total, first one included. */
  maxAttempts: number;
  /** First backoff step in ms; doubles per attempt. */
  baseDelayMs: number;
  /** Ceiling of one backoff step in ms. */
  maxDelayMs: number;
  /** A server's Retry-After above this is not waited for; the call fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 300,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60000,
};

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Network error codes that mean the request never reached the server, so repeating even a POST is safe. */
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export type Outcome =
  | { kind: 'status'; status: number }
  | { kind: 'network'; errorCode: string };

/**
 * Whether a failed attempt may be repeated.
 * - 429 means GoTo did not process the request: any method may be repeated.
 * - 5xx and network errors: only idempotent methods (GET/PUT/DELETE). A POST that may have been applied is never
 *   repeated blindly, since that could create a duplicate webhook; only a connection that never opened is safe.
 */
export function isRetryable(method: Method, outcome: Outcome): boolean {
  const idempotent = method !== 'POST';
  if (outcome.kind === 'status') {
    if (outcome.status === 429) return true;
    return idempotent && outcome.status >= 500;
  }
  return idempotent || NOT_SENT_ERROR_CODES.has(outcome.errorCode);
}

/** Whether a POST that failed with this outcome might nonetheless have been applied by the server. */
export function mayHaveBeenApplied(method: Method, outcome: Outcome): boolean {
  if (method !== 'POST') return false;
  if (outcome.kind === 'status') return outcome.status >= 500;
  return !NOT_SENT_ERROR_CODES.has(outcome.errorCode);
}

/**
 * Parse a Retry-After header (delta-seconds or HTTP date) into ms from `nowMs`. GoTo does not send one today, but
 * an intermediary (or a future GoTo) may: honour it when present.
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Delay before attempt number `attempt + 1` (attempt counts from 1): exponential backoff with "equal jitter"
 * (half fixed, half random), so that many callers rate-limited at once spread out instead of retrying in lockstep.
 * `random` is injectable for tests. A Retry-After wins when given.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The whole retry decision after failed attempt number `attempt` (from 1): the delay before the next attempt, or
 * undefined when the failure is final (attempts used up, not safe to repeat, or a Retry-After longer than the
 * policy waits for).
 */
export function nextRetryDelayMs(
  method: Method,
  outcome: Outcome,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number | undefined {
  if (attempt >= policy.maxAttempts || !isRetryable(method, outcome)) return undefined;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  return retryDelayMs(attempt, policy, random, retryAfterMs);
}

/**
 * Delay before look number `wait + 1` (wait counts from 1) at an object GoTo answered 404 for while it may still be
 * propagating: 200 ms growing by half each time to 2 s, so a short lag costs little and a long one few requests.
 */
export function consistencyDelayMs(wait: number): number {
  return Math.min(2000, 200 * 1.5 ** (wait - 1));
}
