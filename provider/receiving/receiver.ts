/**
 * A ready-made callback endpoint: a Node request handler that does everything a GoTo callback URL must, in order:
 *
 *   GET/HEAD  -> 200 (GoTo validates a callbackUrl with a GET that must answer 200)
 *   other     -> 405
 *   POST      -> read the raw body (413 beyond maxBodyBytes, sent so that a sender still writing reads it; 400
 *                when a framework already consumed it)
 *             -> verify the signature (401 with the reason code)
 *             -> parse the event, keys exact (400 when not JSON or not an event; an event type this package does
 *                not know is handed over as an UnknownWebhookEvent, not refused)
 *             -> skip an already-handled eventKey (200, onEvent not called again)
 *             -> await onEvent(event, context) -> 200, or 500 when it throws (the error text is not sent back)
 *
 * It works as `http.createServer(receiver)` and as Express/Connect middleware (`app.post('/goto', receiver)`): it
 * always answers, so it never calls `next`. Answers are small JSON objects: { ok: true } or
 * { ok: false, error: CODE, message }. Nothing is logged except what `onError` is given (never a secret).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createMemoryEventKeyStore, type EventKeyStore } from './dedupe';
import { WebhookPayloadError } from './errors';
import type { WebhookEvent } from './events';
import { parseWebhookEvent } from './parse-event';
import { discardBody, readRawBody, type DiscardLimits } from './raw-body';
import { readSecrets } from './secrets';
import type { Now } from './now';
import { isToleranceSeconds, verifyWebhookSignature, type VerifyWebhookSignatureOptions } from './verify';

/** Default largest accepted body: GoTo's events are a few KiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** What `onEvent` gets besides the event. */
export interface WebhookEventContext {
  /** Which of the configured secrets signed the delivery (see rotation in verifyWebhookSignature). */
  secretIndex: number;
  /** The exact bytes received, e.g. to archive the original. */
  rawBody: Buffer;
  /** The signed X-Webhook-Signature-Timestamp. */
  timestamp: string;
}

/** Where a failure reported to `onError` happened. */
export interface WebhookReceiverErrorInfo {
  stage: 'onEvent' | 'dedupe' | 'internal';
  eventName?: string;
  eventKey?: string;
}

export interface WebhookReceiverOptions {
  /** The secret key value, or several while rotating keys. */
  secrets: string | readonly string[];
  /**
   * Handles one verified event; the delivery is answered 200 once it resolves, 500 if it throws. The event may be
   * of a type this package does not know yet (`isKnownWebhookEvent(event)` is false): handle or ignore it, but do
   * not throw for it, or GoTo delivers it again.
   */
  onEvent: (event: WebhookEvent, context: WebhookEventContext) => unknown;
  /** See verifyWebhookSignature (default 300; 0 turns the age check off). */
  toleranceSeconds?: number;
  /** Larger bodies are answered 413 without being buffered (the rest is read and discarded). Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Where handled eventKeys are remembered: default an in-memory LRU of 10,000 keys; pass a shared store when
   * several instances receive; `false` turns deduplication off.
   */
  dedupe?: EventKeyStore | false;
  now?: Now;
  /**
   * Told about failures the HTTP answer does not detail (onEvent throwing, the dedupe store failing). Default:
   * console.error with the event's name and key. Secrets are never passed to it.
   */
  onError?: (error: unknown, info: WebhookReceiverErrorInfo) => void;
}

/** A Node request handler; Express/Connect pass a third `next` argument, which is not needed. */
export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

type Answer = { ok: true; duplicate?: true } | { ok: false; error: string; message: string };

/** Creates the handler. @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookRequestHandler {
  const config = checkOptions(options);
  const onError = options.onError ?? defaultOnError;
  // A throwing onError must not turn one failed delivery into an unhandled rejection.
  const report = (error: unknown, info: WebhookReceiverErrorInfo): void => {
    try {
      onError(error, info);
    } catch {
      // nothing sensible is left to do
    }
  };
  const once = config.dedupe ? onlyOnce(config.dedupe) : undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'GET' || req.method === 'HEAD') return answer(res, 200, { ok: true });
    if (req.method !== 'POST') {
      return answer(res, 405, failure('METHOD_NOT_ALLOWED', 'GoTo delivers events with POST'), {
        allow: 'GET, HEAD, POST',
      });
    }

    const read = await readRawBody(req, config.maxBodyBytes);
    if (read.kind === 'aborted') return void res.destroy();
    if (read.kind === 'too-large') return refuseTooLarge(req, res, config.maxBodyBytes);
    if (read.kind === 'consumed') {
      const message =
        'The request body was already consumed (parsed) before the receiver ran, so its signature cannot be checked: ' +
        "mount the receiver before any body parser, use express.raw({ type: 'application/json' }) on its route, or " +
        'keep the raw bytes in req.rawBody';
      return answer(res, 400, failure('RAW_BODY_UNAVAILABLE', message));
    }
    const rawBody = read.bytes;

    // headersDistinct keeps a header sent on several lines apart (req.headers joins them), so verifying's one rule
    // for repeats (headers.ts) sees the lines as sent; req.headers is for hand-made requests that lack it.
    const headers = req.headersDistinct ?? req.headers;
    const verified = verifyWebhookSignature({ ...config.verify, body: rawBody, headers });
    if (!verified.ok) {
      // INVALID_OPTIONS here can only be the receiver's own clock (`now`) failing: not the sender's fault.
      const status = verified.reason === 'INVALID_OPTIONS' || verified.reason === 'NO_SECRETS' ? 500 : 401;
      return answer(res, status, failure(verified.reason, verified.message));
    }

    let event: WebhookEvent;
    try {
      event = parseWebhookEvent(rawBody);
    } catch (error) {
      if (error instanceof WebhookPayloadError) return answer(res, 400, failure(error.code, error.message));
      throw error;
    }

    const context: WebhookEventContext = { secretIndex: verified.secretIndex, rawBody, timestamp: verified.timestamp };
    const eventKey = typeof event.eventKey === 'string' && event.eventKey !== '' ? event.eventKey : undefined;
    const info = { eventName: event.eventName, eventKey };
    const run = async (): Promise<void> => {
      try {
        await config.onEvent(event, context);
      } catch (error) {
        report(error, { stage: 'onEvent', ...info });
        throw new HandlerFailed();
      }
    };
    try {
      // Without an eventKey there is nothing to deduplicate on: the event is handled every time.
      const outcome =
        once && eventKey ? await once(eventKey, run, (error) => report(error, { stage: 'dedupe', ...info })) : await run();
      return answer(res, 200, outcome === 'duplicate' ? { ok: true, duplicate: true } : { ok: true });
    } catch (error) {
      if (!(error instanceof HandlerFailed)) report(error, { stage: 'dedupe', ...info });
      // The handler's error text stays server-side: it may hold anything, and the sender is not the one to fix it.
      return answer(res, 500, failure('HANDLER_FAILED', 'The event could not be processed; it can be delivered again'));
    }
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      report(error, { stage: 'internal' });
      answer(res, 500, failure('INTERNAL_ERROR', 'The receiver failed'));
    });
  };
}

/**
 * How much of an oversize body is read and thrown away so that its sender gets the 413 (see refuseTooLarge):
 * - bytes: discarding costs bandwidth, not memory, so even a body 64 times the 1 MiB default is read to its end;
 * - time: a sender still writing after 10 s is too slow or never stops (Node's requestTimeout would allow 300 s).
 */
const DISCARD_LIMITS: DiscardLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * Answers 413 in a way the sender gets to read. Closing the connection while the body is still arriving resets it,
 * and a sender that writes its whole body before reading (as many clients do) then sees EPIPE or ECONNRESET, not the
 * answer. So the answer is written whole at once (a sender reading while it writes has it), the rest of the body is
 * read and discarded within DISCARD_LIMITS, and only then is the response ended, which closes the connection. A
 * body still arriving past those limits is cut off, and its sender may see a reset.
 */
async function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<void> {
  const message =
    `The body is larger than this receiver's limit of ${maxBodyBytes} bytes (maxBodyBytes): GoTo's events are a ` +
    'few KiB, so this is not a GoTo delivery, or maxBodyBytes is set too low';
  if (!writeAnswer(res, 413, failure('BODY_TOO_LARGE', message), { connection: 'close' })) return;
  await discardBody(req, DISCARD_LIMITS);
  res.end();
}

/** Marks an onEvent failure already reported, so it is not reported twice. */
class HandlerFailed extends Error {}

/**
 * Runs `task` at most once per eventKey among successful runs. A delivery arriving while the same event is still
 * being handled waits for that attempt: if it succeeds, the newcomer is a duplicate; if it fails, the newcomer
 * tries itself (GoTo's retry may be the one that works). A key is remembered only after success, so a failed
 * attempt is retried by GoTo's next delivery.
 */
function onlyOnce(store: EventKeyStore) {
  const inFlight = new Map<string, Promise<boolean>>();
  return async (
    eventKey: string,
    task: () => Promise<void>,
    reportStoreFailure: (error: unknown) => void,
  ): Promise<'done' | 'duplicate'> => {
    for (;;) {
      const pending = inFlight.get(eventKey);
      if (pending !== undefined) {
        if (await pending) return 'duplicate';
        continue;
      }
      if (await store.has(eventKey)) return 'duplicate';
      if (inFlight.has(eventKey)) continue; // another delivery started while the store answered
      let settle!: (succeeded: boolean) => void;
      inFlight.set(eventKey, new Promise<boolean>((resolve) => (settle = resolve)));
      try {
        await task();
      } catch (error) {
        settle(false);
        throw error;
      } finally {
        inFlight.delete(eventKey);
      }
      settle(true);
      try {
        await store.add(eventKey);
      } catch (error) {
        // The event was handled: answer 200 anyway (a 500 would make GoTo deliver it again), but say so.
        reportStoreFailure(error);
      }
      return 'done';
    }
  };
}

interface CheckedConfig {
  onEvent: WebhookReceiverOptions['onEvent'];
  maxBodyBytes: number;
  dedupe: EventKeyStore | undefined;
  verify: Omit<VerifyWebhookSignatureOptions, 'body' | 'headers'>;
}

function checkOptions(options: WebhookReceiverOptions): CheckedConfig {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('createWebhookReceiver expects an options object: { secrets, onEvent }');
  }
  const secrets = readSecrets(options.secrets);
  if (!secrets.ok) throw new TypeError(`createWebhookReceiver: ${secrets.message}`);
  if (typeof options.onEvent !== 'function') {
    throw new TypeError('createWebhookReceiver: onEvent must be a function (event, context) => void | Promise<void>');
  }
  const { toleranceSeconds, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, dedupe, now } = options;
  if (toleranceSeconds !== undefined && !isToleranceSeconds(toleranceSeconds)) {
    throw new RangeError('createWebhookReceiver: toleranceSeconds must be a number of seconds >= 0 (0 turns the age check off)');
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new RangeError('createWebhookReceiver: maxBodyBytes must be a positive integer number of bytes');
  }
  if (dedupe !== undefined && dedupe !== false && (typeof dedupe?.has !== 'function' || typeof dedupe?.add !== 'function')) {
    throw new TypeError('createWebhookReceiver: dedupe must be false or a store with has(eventKey) and add(eventKey)');
  }
  return {
    onEvent: options.onEvent,
    maxBodyBytes,
    dedupe: dedupe === false ? undefined : (dedupe ?? createMemoryEventKeyStore()),
    verify: { secrets: secrets.secrets, toleranceSeconds, now },
  };
}

function failure(error: string, message: string): Answer {
  return { ok: false, error, message };
}

function answer(res: ServerResponse, status: number, body: Answer, headers: Record<string, string> = {}): void {
  if (writeAnswer(res, status, body, headers)) res.end();
}

/**
 * Writes the whole answer without ending the response: its Content-Length already tells the client it is complete.
 * False when an answer was already given (or the connection is gone).
 */
function writeAnswer(res: ServerResponse, status: number, body: Answer, headers: Record<string, string>): boolean {
  if (res.headersSent || res.writableEnded || res.destroyed) return false;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.write(text);
  return true;
}

function defaultOnError(error: unknown, info: WebhookReceiverErrorInfo): void {
  const what = info.eventName ? ` for ${info.eventName} ${info.eventKey ?? '(no eventKey)'}` : '';
  console.error(`[gotowebinar receiver] ${info.stage} failed${what}:`, error);
}
