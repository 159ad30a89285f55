/**
 * GoTo allows 10 requests per second per token and answers the excess with 429 and no Retry-After. This is a
 * sliding window per token: a request is allowed when fewer than `limit` requests of that token were allowed in
 * the last `windowMs`. Rejected requests are not recorded, so a client that keeps hammering recovers as soon as
 * the window slides past its earlier successes.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private limit: number,
    private windowMs = 1000,
  ) {
    RateLimiter.check(limit, windowMs);
  }

  static check(limit: number, windowMs: number): void {
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError('rate limit must be an integer >= 0 (0 = off)');
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError('rate limit window must be a positive number of ms');
  }

  get perWindow(): number {
    return this.limit;
  }

  get window(): number {
    return this.windowMs;
  }

  set(limit: number, windowMs = this.windowMs): void {
    RateLimiter.check(limit, windowMs);
    this.limit = limit;
    this.windowMs = windowMs;
    this.hits.clear();
  }

  /** Records the request and returns true when it is allowed. */
  allow(token: string, nowMs = performance.now()): boolean {
    if (this.limit === 0) return true;
    const since = nowMs - this.windowMs;
    const recent = (this.hits.get(token) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(token, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.set(token, recent);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}
