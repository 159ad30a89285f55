/**
 * Remembering which events were already handled, by `eventKey` (a UUID that stays the same on every delivery
 * attempt of one event). GoTo's retry policy is undocumented, so a receiver must expect the same event more than once.
 *
 * The default store is in memory and bounded (least recently seen keys are forgotten first), so a flood of distinct
 * events cannot grow it without limit. Applications running several instances pass their own shared store
 * (Redis, a database table with a unique key): the interface is two calls and may be async.
 *
 * Not lru-cache: a Map kept in insertion order is an LRU set in a dozen lines, and receiving/ stays free of runtime
 * dependencies, so a bundled receiver carries only this folder.
 */

/** Where handled eventKeys are remembered. `add` is called only after `onEvent` succeeded. */
export interface EventKeyStore {
  has(eventKey: string): boolean | Promise<boolean>;
  add(eventKey: string): void | Promise<void>;
}

/** Default capacity of the in-memory store: far more than the events of any plausible retry window. */
export const DEFAULT_DEDUPE_CAPACITY = 10_000;

/** An in-memory LRU set of eventKeys holding at most `capacity` keys. */
export function createMemoryEventKeyStore(capacity = DEFAULT_DEDUPE_CAPACITY): EventKeyStore {
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`createMemoryEventKeyStore: capacity must be a positive integer, got ${String(capacity)}`);
  }
  // A Map iterates in insertion order: re-inserting a key on use makes the first key the least recently used.
  const keys = new Map<string, true>();
  return {
    has(eventKey) {
      if (!keys.delete(eventKey)) return false;
      keys.set(eventKey, true);
      return true;
    },
    add(eventKey) {
      keys.delete(eventKey);
      keys.set(eventKey, true);
      if (keys.size > capacity) keys.delete(keys.keys().next().value as string);
    },
  };
}
