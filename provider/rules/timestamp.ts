/**
 * Reading a point in time written as text in any form GoTo might use: a signature timestamp (receiving's replay
 * check; the signature itself is computed over the header's exact text, never over a re-formatted date) and an
 * object's createTime (the runtime's search for a create whose answer was lost). GoTo publishes neither form, so
 * every plausible one is read:
 *
 * - ISO 8601 date-time with a zone (see iso-date-time.ts): `2026-11-27T15:52:13.123Z`, `…13Z`, `…13+00:00`,
 *   `…13+0000`, `…14:52:13-01:00`, fractions of 1 to 9 digits or none;
 * - epoch seconds or epoch milliseconds as decimal digits (`1795794733`, `1795794733.123`, `1795794733123`), told
 *   apart by size.
 *
 * Anything else is "unreadable" (undefined) rather than guessed at: `Date.parse` alone accepts forms such as
 * "1" or "March 7" and zone-less dates in local time, which would make the age check depend on the server.
 */
import { parseIsoDateTime } from './iso-date-time';

const EPOCH = /^\d{1,16}(?:\.\d{1,6})?$/;
/** Below this an epoch number is seconds (1e11 s is the year 5138), above it milliseconds (1e11 ms is 1973). */
const SECONDS_MS_BOUNDARY = 1e11;

/** Milliseconds since the epoch, or undefined when the timestamp is in none of the accepted forms. */
export function timestampToEpochMs(timestamp: string): number | undefined {
  if (EPOCH.test(timestamp)) {
    const n = Number(timestamp);
    return n < SECONDS_MS_BOUNDARY ? n * 1000 : n;
  }
  return parseIsoDateTime(timestamp);
}
