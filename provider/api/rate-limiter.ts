/**
 * Client-side rate limiting. GoTo allows 10 requests/s and answers 429 without Retry-After, so the client keeps
 * under the limit itself instead of discovering it through errors.
 *
 * A sliding window: at most `limit` requests start in any `intervalMs`. Waiters are served first come, first
 * served. The default interval carries a margin over GoTo's 1 s, because what GoTo counts is arrivals, and
 * latency jitter can bring requests sent 1 s apart closer together on arrival.
 *
 * Hand-written rather than bottleneck or p-throttle: it must run on the session's injectable clock (tests check the
 * schedule in virtual time) and report each wait for progress lines; bottleneck (unreleased since 2019) and
 * p-throttle (ESM-only: one more entry in Jest's transform list) take neither a clock nor a wait callback.
 */
import { SYSTEM_CLOCK } from './clock';

export interface RateLimit {
  limit: number;
  intervalMs: number;
}

export const GOTO_RATE_LIMIT: RateLimit = { limit: 10, intervalMs: 1100 };

export class SlidingWindowLimiter {
  /** Start times of the last `limit` requests, oldest first. */
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: RateLimit,
    private readonly now: () => number = SYSTEM_CLOCK.now,
    private readonly sleep: (ms: number) => Promise<void> = SYSTEM_CLOCK.sleep,
  ) {
    if (!(rate.limit >= 1) || !(rate.intervalMs > 0)) {
      throw new RangeError(`rate limit must be >= 1 request per > 0 ms, got ${rate.limit}/${rate.intervalMs}ms`);
    }
  }

  /**
   * Resolve when a request may start, having recorded it. `onWait` hears about waits so that long queues show
   * progress. Returns the ms waited.
   */
  acquire(onWait?: (waitMs: number) => void): Promise<number> {
    const turn = this.queue.then(() => this.takeSlot(onWait));
    // The chain must survive a rejected waiter, or one failure would block everyone after it.
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async takeSlot(onWait?: (waitMs: number) => void): Promise<number> {
    let waited = 0;
    for (;;) {
      const t = this.now();
      while (this.starts.length > 0 && this.starts[0] <= t - this.rate.intervalMs) this.starts.shift();
      if (this.starts.length < this.rate.limit) {
        this.starts.push(t);
        return waited;
      }
      const waitMs = this.starts[0] + this.rate.intervalMs - t;
      onWait?.(waitMs);
      await this.sleep(waitMs);
      waited += waitMs;
    }
  }
}
