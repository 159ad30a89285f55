/**
 * The client's one source of time: the transport's backoff and consistency polls, the token source's expiry and
 * endpoint retries all read `now` and wait with `sleep` from here, so a test can swap in a virtual clock for all of
 * them at once instead of spinning on the real one.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
