/**
 * The receiving side's notion of "now", for the replay-tolerance check: injectable so a test can verify a delivery
 * signed at a fixed time (as stripe-node's Webhooks take a clock). Not the client's `Clock`, which also sleeps.
 */

/** What `now` may be: a Date, epoch milliseconds, or a function returning either (tests inject a fixed time). */
export type Now = Date | number | (() => Date | number);

/** Reads `now` as epoch milliseconds; undefined when it gives something that is not a valid time. */
export function readNow(now: Now | undefined): number | undefined {
  const value = typeof now === 'function' ? now() : (now ?? Date.now());
  const ms = value instanceof Date ? value.getTime() : value;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}
