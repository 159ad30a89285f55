/**
 * The options every receiver takes (createWebhookReceiver, createWebhookFetchHandler, createWebhookLambdaHandler),
 * and their check at start-up: a mistake shows when the receiver is created, not at the first delivery. Messages
 * name the function and the option, never a secret's value.
 */
import {
  createMemoryEventKeyStore,
  isEventKeyStore,
  isSharedEventKeyStore,
  type EventKeyStore,
  type SharedEventKeyStore,
} from './dedupe';
import type { WebhookEvent } from './events';
import type { Now } from './now';
import { readSecrets } from './secrets';
import { isToleranceSeconds, type VerifyWebhookSignatureOptions } from './verify-input';

/** Default largest accepted body: GoTo's events are a few KiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** What `onEvent` gets besides the event; `rawBody` is a Buffer on Node's receivers, a Uint8Array on the Fetch one. */
export interface WebhookDeliveryContext<RawBytes extends Uint8Array = Uint8Array> {
  /** Which of the configured secrets signed the delivery (see rotation in verifyWebhookSignature). */
  secretIndex: number;
  /** The exact bytes received, e.g. to archive the original. */
  rawBody: RawBytes;
  /** The signed X-Webhook-Signature-Timestamp. */
  timestamp: string;
}

/** Where a failure reported to `onError` happened. */
export interface WebhookReceiverErrorInfo {
  stage: 'onEvent' | 'dedupe' | 'internal';
  eventName?: string;
  eventKey?: string;
}

export interface WebhookHandlerOptions<Context> {
  /** The secret key value, or several while rotating keys. */
  secrets: string | readonly string[];
  /**
   * Handles one verified event; the delivery is answered 200 once it resolves, 500 if it throws. The event may be
   * of a type this package does not know yet (`isKnownWebhookEvent(event)` is false): handle or ignore it, but do
   * not throw for it, or GoTo delivers it again.
   */
  onEvent: (event: WebhookEvent, context: Context) => unknown;
  /** See verifyWebhookSignature (default 300; 0 turns the age check off). */
  toleranceSeconds?: number;
  /** Larger bodies are answered 413 without being buffered. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Where handled eventKeys are remembered: default an in-memory LRU of 10,000 keys (this process only); a
   * `SharedEventKeyStore` (createRedisEventKeyStore) when several instances receive; `false` turns deduplication off.
   */
  dedupe?: EventKeyStore | SharedEventKeyStore | false;
  now?: Now;
  /**
   * Told about failures the HTTP answer does not detail (onEvent throwing, the dedupe store failing). Default:
   * console.error with the event's name and key. Secrets are never passed to it.
   */
  onError?: (error: unknown, info: WebhookReceiverErrorInfo) => void;
}

export interface CheckedHandlerOptions<Context> {
  onEvent: WebhookHandlerOptions<Context>['onEvent'];
  onError: NonNullable<WebhookHandlerOptions<Context>['onError']>;
  maxBodyBytes: number;
  dedupe: EventKeyStore | SharedEventKeyStore | undefined;
  verify: Omit<VerifyWebhookSignatureOptions, 'body' | 'headers'>;
}

/** @throws TypeError/RangeError naming `functionName` and the option, on unusable options */
export function checkHandlerOptions<Context>(
  functionName: string,
  options: WebhookHandlerOptions<Context>,
): CheckedHandlerOptions<Context> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${functionName} expects an options object: { secrets, onEvent }`);
  }
  const secrets = readSecrets(options.secrets);
  if (!secrets.ok) throw new TypeError(`${functionName}: ${secrets.message}`);
  if (typeof options.onEvent !== 'function') {
    throw new TypeError(`${functionName}: onEvent must be a function (event, context) => void | Promise<void>`);
  }
  const { toleranceSeconds, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, dedupe, now, onError = defaultOnError } = options;
  if (toleranceSeconds !== undefined && !isToleranceSeconds(toleranceSeconds)) {
    throw new RangeError(`${functionName}: toleranceSeconds must be a number of seconds >= 0 (0 turns the age check off)`);
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError(`${functionName}: maxBodyBytes must be a positive integer number of bytes`);
  }
  if (dedupe !== undefined && dedupe !== false && !isEventKeyStore(dedupe) && !isSharedEventKeyStore(dedupe)) {
    throw new TypeError(
      `${functionName}: dedupe must be false, a store with has(eventKey) and add(eventKey), or a shared store with ` +
        'claim(eventKey) (createRedisEventKeyStore)',
    );
  }
  if (typeof onError !== 'function') throw new TypeError(`${functionName}: onError must be a function (error, info) => void`);
  return {
    onEvent: options.onEvent,
    onError,
    maxBodyBytes,
    dedupe: dedupe === false ? undefined : (dedupe ?? createMemoryEventKeyStore()),
    verify: { secrets: secrets.secrets, toleranceSeconds, now },
  };
}

function defaultOnError(error: unknown, info: WebhookReceiverErrorInfo): void {
  const what = info.eventName ? ` for ${info.eventName} ${info.eventKey ?? '(no eventKey)'}` : '';
  console.error(`[gotowebinar receiver] ${info.stage} failed${what}:`, error);
}
