/**
 * The simulator's batch limit (the `maxBatchSize` option). GoTo's spec takes arrays and names no limit; a limit is
 * the simulator's choice, off unless asked for, so that clients are tested against a server that has one.
 */
import type { SimContext } from './context';
import { badRequest } from './http-io';

export function checkedBatchLimit(value: number | undefined): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new Error(`simulator: maxBatchSize must be a whole number (0 = no limit), got ${String(value)}`);
  return n;
}

/** Refuses the whole request, as GoTo refuses a batch as a whole, when it carries more items than the limit. */
export function withinBatchLimit<T>(ctx: SimContext, items: T[]): T[] {
  if (ctx.maxBatchSize > 0 && items.length > ctx.maxBatchSize) {
    throw badRequest(`Request body carries ${items.length} items; at most ${ctx.maxBatchSize} are accepted per request`);
  }
  return items;
}
