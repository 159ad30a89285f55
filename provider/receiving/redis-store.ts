/**
 * An event-key store on Redis that every receiver instance shares, so that a redelivered event is handled once
 * among all of them (the in-memory default only covers one process).
 *
 * Per event, one key `<keyPrefix><eventKey>`:
 * - claim: `SET key <claim token> NX PX <lease>`, atomic: one instance wins; the others read the key and find either
 *   "handled" (a duplicate) or a claim token (another instance is running onEvent: "in progress", answered 409 so
 *   that GoTo delivers it again later, when it is a duplicate or, if that attempt failed, handled);
 * - onEvent succeeded: `SET key handled PX <ttl>`: redeliveries within the ttl are duplicates;
 * - onEvent threw: the claim is deleted (only if it is still this delivery's: a Lua compare-and-delete), so GoTo's
 *   next delivery of the event is handled. If even that fails, the claim expires after `leaseSeconds`.
 *
 * Redis unreachable (no answer within `commandTimeoutMs`, or the client failing the command): with `whenUnavailable`
 * "accept", the default, the event is handled without deduplication and the failure goes to `onError`. GoTo
 * redelivers only what was not answered 2xx, so handling it risks a duplicate only if GoTo redelivers during the
 * outage, while refusing it (500) loses it for good once GoTo stops retrying, on a schedule it does not publish.
 * "refuse" answers 500 instead, for handlers that must never run twice and can count on GoTo's retries.
 *
 * The client is the application's: node-redis (`createClient()` from the `redis` package), of which only
 * `sendCommand` is used, so the package itself depends on no Redis library, and another client works wrapped in an
 * object with such a method. Nothing here needs Node's built-ins.
 */
import { withoutUndefined } from '../rules/objects';
import type { EventKeyClaim, SharedEventKeyStore } from './dedupe';
import { EventKeyStoreError } from './errors';

/** What the store needs of a Redis client: node-redis's `sendCommand(['SET', key, …])`. */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisEventKeyStoreOptions {
  /** Prefix of the keys written. Default "gotowebinar:event:". */
  keyPrefix?: string;
  /** How long a handled eventKey is remembered, in seconds: longer than GoTo may redeliver. Default 7 days. */
  ttlSeconds?: number;
  /**
   * How long a claim holds while onEvent runs, in seconds: longer than onEvent's slowest run, since an event still
   * being handled when it ends may be handled again elsewhere. A receiver that dies mid-event frees the event after
   * it. Default 60.
   */
  leaseSeconds?: number;
  /** How long a command may take before Redis counts as unreachable, in ms. Default 1000. */
  commandTimeoutMs?: number;
  /** When Redis cannot be reached: "accept" (default) handles the event without deduplication; "refuse" answers 500. */
  whenUnavailable?: 'accept' | 'refuse';
}

export const REDIS_STORE_DEFAULTS = {
  keyPrefix: 'gotowebinar:event:',
  ttlSeconds: 7 * 24 * 60 * 60,
  leaseSeconds: 60,
  commandTimeoutMs: 1000,
  whenUnavailable: 'accept',
} as const satisfies Required<RedisEventKeyStoreOptions>;

/** The value of a key whose event was handled; a claim's value is "claimed:" and a random token. */
const HANDLED = 'handled';

/** Deletes the key only if it still holds this claim: a claim that expired may have been taken by another instance. */
const RELEASE_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** @throws TypeError/RangeError on an unusable client or options */
export function createRedisEventKeyStore(client: RedisCommandClient, options: RedisEventKeyStoreOptions = {}): SharedEventKeyStore {
  // Checked as a caller in JavaScript may pass it, whatever the type says.
  if (typeof client?.sendCommand !== 'function') {
    throw new TypeError(
      'createRedisEventKeyStore: client must be a connected node-redis client (createClient() from the redis ' +
        'package), or any object with sendCommand(args: string[])',
    );
  }
  const settings = checkOptions(options);
  const command = (args: string[]): Promise<unknown> => withTimeout(client.sendCommand(args), settings.commandTimeoutMs);
  const ttlMs = String(settings.ttlSeconds * 1000);
  const leaseMs = String(settings.leaseSeconds * 1000);

  const claimed = (key: string, token: string): EventKeyClaim => ({
    state: 'claimed',
    complete: async () => void (await command(['SET', key, HANDLED, 'PX', ttlMs])),
    release: async () => void (await command(['EVAL', RELEASE_SCRIPT, '1', key, token])),
  });

  return {
    async claim(eventKey) {
      const key = settings.keyPrefix + eventKey;
      const token = `claimed:${crypto.randomUUID()}`;
      try {
        // Twice at most: a claim found by the first SET may expire before the GET reads it.
        for (let attempt = 0; attempt < 2; attempt++) {
          if (text(await command(['SET', key, token, 'NX', 'PX', leaseMs])) === 'OK') return claimed(key, token);
          const value = text(await command(['GET', key]));
          if (value === HANDLED) return { state: 'handled' };
          if (value !== undefined) return { state: 'in-progress' };
        }
        return { state: 'in-progress' };
      } catch (error) {
        const unavailable = asStoreError(error);
        if (settings.whenUnavailable === 'refuse') throw unavailable;
        return { state: 'unguarded', error: unavailable };
      }
    },
  };
}

function checkOptions(options: RedisEventKeyStoreOptions): Required<RedisEventKeyStoreOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createRedisEventKeyStore: options must be an object');
  }
  const settings = { ...REDIS_STORE_DEFAULTS, ...withoutUndefined(options) };
  if (typeof settings.keyPrefix !== 'string') throw new TypeError('createRedisEventKeyStore: keyPrefix must be a string');
  for (const name of ['ttlSeconds', 'leaseSeconds', 'commandTimeoutMs'] as const) {
    const value = settings[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`createRedisEventKeyStore: ${name} must be a positive integer`);
    }
  }
  if (settings.whenUnavailable !== 'accept' && settings.whenUnavailable !== 'refuse') {
    throw new TypeError('createRedisEventKeyStore: whenUnavailable must be "accept" or "refuse"');
  }
  return settings;
}

/** A reply as text (node-redis answers strings, or Buffers when asked to); null (no such key) as undefined. */
function text(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
  return undefined;
}

/**
 * Rejects after `ms` with STORE_TIMEOUT: node-redis queues commands while it reconnects, so a Redis that went away
 * shows as commands that never answer. (The command may still run later: a claim written then expires with its lease.)
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EventKeyStoreError('STORE_TIMEOUT', `Redis did not answer within ${ms} ms (commandTimeoutMs)`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function asStoreError(error: unknown): EventKeyStoreError {
  if (error instanceof EventKeyStoreError) return error;
  // The client's message (e.g. "connect ECONNREFUSED 127.0.0.1:6379", "The client is closed") names no password.
  const why = error instanceof Error ? error.message : String(error);
  return new EventKeyStoreError('STORE_UNAVAILABLE', `The Redis event-key store failed: ${why}`, { cause: error });
}
