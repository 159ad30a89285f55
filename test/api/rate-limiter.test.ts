import { SlidingWindowLimiter } from '../../provider/api/rate-limiter';

import { virtualClock } from '../support/virtual-clock';

describe('SlidingWindowLimiter', () => {
  test('never lets more than `limit` requests start within one interval', async () => {
    const clock = virtualClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 10, intervalMs: 1000 }, clock.now, clock.sleep);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 35 }, () => limiter.acquire().then(() => starts.push(clock.now()))),
    );
    expect(starts).toHaveLength(35);
    for (let i = 10; i < starts.length; i++) {
      expect(starts[i] - starts[i - 10]).toBeGreaterThanOrEqual(1000);
    }
    // and it does not wait longer than needed: 35 requests fit in 3 full windows.
    expect(starts[starts.length - 1]).toBe(3000);
  });

  test('serves waiters first come, first served and reports waits', async () => {
    const clock = virtualClock(0);
    const limiter = new SlidingWindowLimiter({ limit: 2, intervalMs: 500 }, clock.now, clock.sleep);
    const order: number[] = [];
    const waits: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => limiter.acquire((w) => waits.push(w)).then(() => order.push(i))),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(waits).toEqual([500, 500]);
  });

  test('rejects a nonsensical configuration with a RangeError', () => {
    expect(() => new SlidingWindowLimiter({ limit: 0, intervalMs: 1000 })).toThrow(RangeError);
    expect(() => new SlidingWindowLimiter({ limit: 5, intervalMs: 0 })).toThrow(/rate limit/);
  });
});
