/**
 * Retry decisions as pure functions (no clock, no I/O), so they are tested directly. Every wait between tries in the
 * package (the transport's retries and consistency polls, the token endpoint's retries, the runtime's look for a
 * lost create) is one schedule of `backoffDelayMs`; the schedules themselves are named here, side by side.
 */

export interface RetryPolicy {
  /**
   * Attempts in total, first one included, for failures that may repeat (5xx, dropped connections). A 429 does not
   * use one up: rate limiting is waited out within `rateLimitBudgetMs` instead.
   */
  maxAttempts: number;
  /** First backoff step in ms; doubles per attempt. */
  baseDelayMs: number;
  /** Ceiling of one backoff step in ms. */
  maxDelayMs: number;
  /** A server's Retry-After above this is not waited for; the call fails instead. */
  maxRetryAfterMs: number;
  /**
   * How long one call keeps retrying while GoTo answers 429, counted from its first 429 on the client's clock; past
   * it the call fails. 0 fails at the first 429.
   */
  rateLimitBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 300,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60000,
  // GoTo's limit is per token, and the client keeps under it: a 429 that gets through means someone else is using
  // the same token (another pipeline's `up`, an integration's sync). Since coalescing, one request carries a whole
  // batch, so giving up fails every resource in it. Five minutes outlasts such a co-tenant's run (hundreds of
  // requests at 10/s take a minute or two) while a token blocked for good still fails the run within a CI job's
  // usual timeout, with a message saying how to wait longer.
  rateLimitBudgetMs: 300_000,
};

/** One backoff schedule: the delay before retry `n` is `firstMs × growth^(n-1)`, capped at `maxMs`, then jittered. */
export interface Backoff {
  /** Delay before the first retry (before jitter), ms. */
  firstMs: number;
  /** Factor from one step to the next (2 doubles; 1 keeps it constant). */
  growth: number;
  /** Ceiling of one step, ms. */
  maxMs: number;
  /**
   * Share of a step that is random, 0..1: 0 waits the step exactly; 0.5 is "equal jitter" (half fixed, half random),
   * so that many callers refused at once spread out instead of retrying in lockstep.
   */
  jitter: number;
}

/**
 * Delay in ms before retry number `n` (from 1) of `schedule`: the one backoff function of the package. `random` (in
 * [0, 1)) is only read when the schedule has jitter, and is injectable for tests.
 */
export function backoffDelayMs(n: number, schedule: Backoff, random: () => number = Math.random): number {
  const step = Math.min(schedule.maxMs, schedule.firstMs * schedule.growth ** Math.max(0, n - 1));
  const fixed = step * (1 - schedule.jitter);
  return Math.round(schedule.jitter > 0 ? fixed + random() * step * schedule.jitter : fixed);
}

/** The schedule of an API call's retries under `policy`: doubling from baseDelayMs to maxDelayMs, equal jitter. */
export function retryBackoff(policy: RetryPolicy): Backoff {
  return { firstMs: policy.baseDelayMs, growth: 2, maxMs: policy.maxDelayMs, jitter: 0.5 };
}

/**
 * Looks at an object GoTo answered 404 for while it may still be propagating: 200 ms growing by half each time to
 * 2 s, so a short lag costs little and a long one few requests. No jitter: each poll is about one object.
 */
export const CONSISTENCY_BACKOFF: Backoff = { firstMs: 200, growth: 1.5, maxMs: 2000, jitter: 0 };

/**
 * The OAuth token endpoint's retries (after a 5xx or no answer): 250 ms, then 500 ms. No jitter: concurrent callers
 * already share one refresh.
 */
export const TOKEN_ENDPOINT_BACKOFF: Backoff = { firstMs: 250, growth: 2, maxMs: 1000, jitter: 0 };

/**
 * Looks for a create whose answer was lost (runtime/create-once.ts): 200 ms doubling to 2 s, within the consistency
 * window. No jitter: each look is one list request of one resource.
 */
export const LOST_CREATE_BACKOFF: Backoff = { firstMs: 200, growth: 2, maxMs: 2000, jitter: 0 };

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

export function isRateLimited(outcome: Outcome): boolean {
  return outcome.kind === 'status' && outcome.status === 429;
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
 * Delay before attempt number `attempt + 1` (attempt counts from 1) of an API call: `retryBackoff(policy)`. A
 * Retry-After wins when given.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return backoffDelayMs(attempt, retryBackoff(policy), random);
}

/** Where a call stands after a failed attempt: what the retry decision reads. */
export interface RetryProgress {
  /** Failed attempts so far that count against maxAttempts: every failure but a 429. */
  failures: number;
  /** 429 answers so far. */
  rateLimited: number;
  /** ms from the call's first 429 to now; undefined before any. */
  rateLimitedForMs?: number;
}

/** Why a failure is final: what its message explains. */
export type GiveUpReason =
  /** Not safe to repeat (a POST that may have been applied), or not a transient failure at all. */
  | 'not-retryable'
  /** maxAttempts used up. */
  | 'attempts'
  /** 429 answers for rateLimitBudgetMs. */
  | 'rate-limit-budget'
  /** A Retry-After longer than maxRetryAfterMs, or than what is left of the rate-limit budget. */
  | 'retry-after';

export type RetryDecision = { delayMs: number; giveUp?: undefined } | { delayMs?: undefined; giveUp: GiveUpReason };

/**
 * The whole retry decision after a failed attempt: the delay before the next one, or why the failure is final.
 * A 429 is retried, backing off by how many 429s came before, until `rateLimitBudgetMs` has passed since the first;
 * the last wait is cut to end at the budget, so the call fails about when the budget ends, not a step after. Any
 * other failure is retried, if safe, until `maxAttempts` failures.
 */
export function nextRetry(
  method: Method,
  outcome: Outcome,
  progress: RetryProgress,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): RetryDecision {
  if (!isRetryable(method, outcome)) return { giveUp: 'not-retryable' };
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { giveUp: 'retry-after' };
  if (isRateLimited(outcome)) {
    const left = policy.rateLimitBudgetMs - (progress.rateLimitedForMs ?? 0);
    if (left <= 0) return { giveUp: 'rate-limit-budget' };
    if (retryAfterMs !== undefined) return retryAfterMs > left ? { giveUp: 'retry-after' } : { delayMs: retryAfterMs };
    return { delayMs: Math.min(left, retryDelayMs(progress.rateLimited, policy, random)) };
  }
  if (progress.failures >= policy.maxAttempts) return { giveUp: 'attempts' };
  return { delayMs: retryDelayMs(progress.failures, policy, random, retryAfterMs) };
}
