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

/**
 * Where handled eventKeys are remembered, within one process: `add` is called only after `onEvent` succeeded.
 * Between instances, `has` then `add` is not atomic (two instances may both find a key absent): shared stores
 * implement `SharedEventKeyStore` instead.
 */
export interface EventKeyStore {
  has(eventKey: string): boolean | Promise<boolean>;
  add(eventKey: string): void | Promise<void>;
}

/**
 * An event-key store several receiver instances share, with an atomic claim (createRedisEventKeyStore): the claim
 * of a key not seen yet holds it while `onEvent` runs; success marks it handled, failure releases it so the event
 * can be delivered again.
 */
export interface SharedEventKeyStore {
  claim(eventKey: string): Promise<EventKeyClaim>;
}

export type EventKeyClaim =
  /** This delivery handles the event: call `complete` after `onEvent` succeeded, `release` after it failed. */
  | { state: 'claimed'; complete(): Promise<void>; release(): Promise<void> }
  /** Handled before: a duplicate. */
  | { state: 'handled' }
  /** Another instance holds the claim right now (its `onEvent` is running). */
  | { state: 'in-progress' }
  /** The store could not be reached, and says to handle the event anyway (reported to onError with `error`). */
  | { state: 'unguarded'; error: unknown };

export function isSharedEventKeyStore(store: unknown): store is SharedEventKeyStore {
  return hasProperties(store) && 'claim' in store && typeof store.claim === 'function';
}

export function isEventKeyStore(store: unknown): store is EventKeyStore {
  return hasProperties(store) && 'has' in store && 'add' in store && typeof store.has === 'function' && typeof store.add === 'function';
}

/** Whether `value` may have properties of its own or inherited: an object, or a function. */
function hasProperties(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** Deletes the first key of `map` (in insertion order: the oldest, or the least recently re-inserted). */
export function deleteOldest<K>(map: Map<K, unknown>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
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
      if (keys.size > capacity) deleteOldest(keys);
    },
  };
}
