/**
 * Reading a signature timestamp as a point in time, for the replay-tolerance check only: the signature itself
 * treats the timestamp as an opaque string. Accepted forms:
 *
 * - ISO 8601 date-time with a zone (`2026-11-27T15:52:13.123Z`, `…+01:00`): what the project's simulator sends;
 * - epoch seconds or epoch milliseconds as decimal digits (`1795794733`, `1795794733123`), told apart by size.
 *
 * Anything else is "unreadable" (undefined) rather than guessed at: `Date.parse` alone accepts forms such as
 * "1" or "March 7" and zone-less dates in local time, which would make the age check depend on the server.
 */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const EPOCH = /^\d{1,16}(?:\.\d{1,6})?$/;
/** Below this an epoch number is seconds (1e11 s is the year 5138), above it milliseconds (1e11 ms is 1973). */
const SECONDS_MS_BOUNDARY = 1e11;

/** Milliseconds since the epoch, or undefined when the timestamp is in none of the accepted forms. */
export function timestampToEpochMs(timestamp: string): number | undefined {
  if (EPOCH.test(timestamp)) {
    const n = Number(timestamp);
    return n < SECONDS_MS_BOUNDARY ? n * 1000 : n;
  }
  if (ISO_8601.test(timestamp)) {
    const ms = Date.parse(timestamp.toUpperCase());
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** What `now` may be: a Date, epoch milliseconds, or a clock returning either (tests inject a fixed clock). */
export type Clock = Date | number | (() => Date | number);

/** Reads the clock as epoch milliseconds; undefined when it gives something that is not a valid time. */
export function readClock(now: Clock | undefined): number | undefined {
  const value = typeof now === 'function' ? now() : (now ?? Date.now());
  const ms = value instanceof Date ? value.getTime() : value;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}
