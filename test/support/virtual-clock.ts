/**
 * A virtual clock for the client's waits (provider/api/clock.ts): sleeping advances time at once and is recorded,
 * so a test checks the schedule of waits, not the wall clock.
 */
import type { Clock } from '../../provider/api/clock';

export function virtualClock(start = Date.UTC(2026, 0, 1)): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}
