/**
 * Creates a GoTo object so that one `pulumi up` converges even when answers are lost, with never a duplicate.
 *
 * A POST that failed with a 5xx or a dropped connection may or may not have been applied, and GoTo may not show a
 * new object for a while (its consistency lag). So, after such a failure: look for objects matching the request
 * created since the first attempt, polling until the consistency window has passed; found → that is ours (any
 * extra match, from an earlier attempt that did go through, is deleted); not found → it was not applied: create
 * again, a bounded number of times. A failure that cannot have been applied (a 400, say) is thrown at once.
 */
import { backoffDelayMs, GoToApiError, LOST_CREATE_BACKOFF } from '../api';
import { parseIsoDateTime } from '../rules/iso-date-time';
import { timestampToEpochMs } from '../rules/timestamp';

export interface CreateOnce<T> {
  create(): Promise<T>;
  /** Live objects that match the request and were created at or after `sinceMs` (epoch ms), oldest first. */
  findMatches(sinceMs: number): Promise<T[]>;
  /** Deletes objects beyond the one kept (matches from several attempts that all went through). */
  remove(extra: T[]): Promise<void>;
  /** How long a created object may stay invisible. */
  windowMs: number;
  /** Attempts in all, the first included; default DEFAULT_CREATE_ATTEMPTS. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** GoTo's clock and ours may differ a little: matches are taken from slightly before the first attempt. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Attempts at a create whose answers keep getting lost. Each one that fails costs up to one consistency window (to
 * be sure it was not applied), so the bound is also a bound in time; 8 makes a create fail only when GoTo fails
 * most requests (at 25% of requests failing, 1 in 65,000 creates).
 */
export const DEFAULT_CREATE_ATTEMPTS = 8;

export async function createOnce<T>(op: CreateOnce<T>): Promise<T> {
  const sleep = op.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = op.now ?? Date.now;
  const attempts = op.attempts ?? DEFAULT_CREATE_ATTEMPTS;
  const since = now() - CLOCK_SKEW_MS;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await op.create();
    } catch (err) {
      if (!(err instanceof GoToApiError) || !err.mayHaveSucceeded) throw err;
      lastError = err;
    }
    const found = await pollForMatch(op, since, sleep, now);
    if (found) return found;
  }
  throw lastError;
}

async function pollForMatch<T>(op: CreateOnce<T>, since: number, sleep: (ms: number) => Promise<void>, now: () => number) {
  const deadline = now() + op.windowMs;
  for (let look = 1; ; look++) {
    const matches = await op.findMatches(since);
    if (matches.length > 0) {
      const [kept, ...extra] = matches;
      if (extra.length) await op.remove(extra);
      return kept;
    }
    if (now() >= deadline) return undefined;
    await sleep(Math.min(backoffDelayMs(look, LOST_CREATE_BACKOFF), Math.max(0, deadline - now())));
  }
}

/**
 * GoTo's createTime as epoch ms. The spec gives no format: ISO 8601 with a zone and epoch seconds or milliseconds
 * are read exactly (timestamp.ts); a zone-less ISO time is read as UTC. Not widened to every zone: a wider window
 * could take someone else's older webhook with the same URL and event for ours (and delete an "extra" one), while
 * a time read too early only costs a second create.
 */
function createTimeMs(createTime: string | undefined): number | undefined {
  if (createTime === undefined) return undefined;
  // With a zone appended, a zone-less ISO time parses; anything else (a zone already there, garbage) still does not.
  return timestampToEpochMs(createTime) ?? parseIsoDateTime(`${createTime}Z`);
}

/**
 * Whether GoTo's createTime is at or after `sinceMs`. An object without a readable createTime cannot be told to be
 * ours, so it is never taken for one.
 */
export function createdSince(createTime: string | undefined, sinceMs: number): boolean {
  const ms = createTimeMs(createTime);
  return ms !== undefined && ms >= sinceMs;
}

export function byCreateTime(a: { createTime?: string }, b: { createTime?: string }): number {
  return (createTimeMs(a.createTime) ?? 0) - (createTimeMs(b.createTime) ?? 0);
}
