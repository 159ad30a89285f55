/**
 * The one receiver: every decision a GoTo callback URL makes, taken once, on a method, headers and a body reader,
 * whatever carried the request. The adapters (receiver.ts for node:http and Express, fetch-handler.ts for the Fetch
 * API, lambda-handler.ts for AWS Lambda) only translate a request into a `Delivery` and a `Decision` into their
 * runtime's answer, so every receiver answers a delivery with the same status and code. In order:
 *
 *   GET/HEAD  -> 200 (GoTo validates a callbackUrl with a GET that must answer 200)
 *   other     -> 405
 *   POST      -> read the raw body (413 beyond maxBodyBytes, without reading it whole; 400 when a framework
 *                already consumed it)
 *             -> verify the signature (401 with the reason code)
 *             -> parse the event, keys exact (400 when not JSON or not an event; an event type this package does
 *                not know is handed over as an UnknownWebhookEvent, not refused)
 *             -> skip an already-handled eventKey (200, onEvent not called again; 409 while another instance
 *                sharing the store is handling it)
 *             -> await onEvent(event, context) -> 200, or 500 when it throws (the error text is not sent back)
 *
 * How the signature is computed is given by the adapter's entry point: Node's `crypto` where it exists, Web Crypto
 * where it may not (verify.ts, verify-web.ts). Nothing is logged except what `onError` is given (never a secret).
 */
import {
  accepted,
  bodyTooLarge,
  eventInProgress,
  handlerFailed,
  internalError,
  methodNotAllowed,
  refused,
  type ReceiverAnswer,
} from './answers';
import { WebhookPayloadError } from './errors';
import type { WebhookEvent } from './events';
import {
  checkHandlerOptions,
  type WebhookDeliveryContext,
  type WebhookHandlerOptions,
  type WebhookReceiverErrorInfo,
} from './handler-options';
import type { WebhookHeaders } from './headers';
import { oncePerEvent } from './once-per-event';
import { parseWebhookEvent } from './parse-event';
import type { VerifyWebhookSignatureOptions, WebhookVerificationResult } from './verify-input';

/** What reading a request's body gave. `consumed` carries the adapter's advice on keeping the raw bytes. */
export type BodyRead<RawBytes extends Uint8Array> =
  | { kind: 'body'; bytes: RawBytes }
  | { kind: 'too-large' }
  | { kind: 'consumed'; message: string }
  | { kind: 'aborted' };

/** A request, as the core sees it. */
export interface Delivery<RawBytes extends Uint8Array> {
  method: string | undefined;
  headers: WebhookHeaders;
  /** Reads the whole body, giving up as soon as it is known to exceed `maxBytes`. Called only for a POST. */
  readBody(maxBytes: number): Promise<BodyRead<RawBytes>>;
}

/** An answer to give, or `gone`: the sender went away mid-body and no answer can reach it. */
export type Decision = { kind: 'answer'; answer: ReceiverAnswer } | { kind: 'gone' };

export type Verifier = (
  options: VerifyWebhookSignatureOptions,
) => WebhookVerificationResult | Promise<WebhookVerificationResult>;

export interface ReceiverCore<RawBytes extends Uint8Array> {
  decide(delivery: Delivery<RawBytes>): Promise<Decision>;
  /** onError, made safe: a throwing onError must not turn one failed delivery into an unhandled rejection. */
  report(error: unknown, info: WebhookReceiverErrorInfo): void;
}

/** @throws TypeError/RangeError on unusable options (named after `functionName`), so mistakes show at start-up */
export function createReceiverCore<RawBytes extends Uint8Array>(
  functionName: string,
  options: WebhookHandlerOptions<WebhookDeliveryContext<RawBytes>>,
  verify: Verifier,
): ReceiverCore<RawBytes> {
  const config = checkHandlerOptions(functionName, options);
  const report = (error: unknown, info: WebhookReceiverErrorInfo): void => {
    try {
      config.onError(error, info);
    } catch {
      // nothing sensible is left to do
    }
  };
  const once = config.dedupe ? oncePerEvent(config.dedupe) : undefined;
  const answer = (value: ReceiverAnswer): Decision => ({ kind: 'answer', answer: value });

  const handle = async (delivery: Delivery<RawBytes>): Promise<Decision> => {
    if (delivery.method === 'GET' || delivery.method === 'HEAD') return answer(accepted());
    if (delivery.method !== 'POST') return answer(methodNotAllowed());

    const read = await delivery.readBody(config.maxBodyBytes);
    if (read.kind === 'aborted') return { kind: 'gone' };
    if (read.kind === 'too-large') return answer(bodyTooLarge(config.maxBodyBytes));
    if (read.kind === 'consumed') return answer(refused('RAW_BODY_UNAVAILABLE', read.message));
    const rawBody = read.bytes;

    const verified = await verify({ ...config.verify, body: rawBody, headers: delivery.headers });
    if (!verified.ok) return answer(refused(verified.reason, verified.message));

    let event: WebhookEvent;
    try {
      event = parseWebhookEvent(rawBody);
    } catch (error) {
      if (error instanceof WebhookPayloadError) return answer(refused(error.code, error.message));
      throw error;
    }

    const context: WebhookDeliveryContext<RawBytes> = { secretIndex: verified.secretIndex, rawBody, timestamp: verified.timestamp };
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
      if (outcome === 'in-progress') return answer(eventInProgress());
      return answer(accepted(outcome === 'duplicate'));
    } catch (error) {
      if (!(error instanceof HandlerFailed)) report(error, { stage: 'dedupe', ...info });
      return answer(handlerFailed());
    }
  };

  return {
    report,
    decide: (delivery) =>
      handle(delivery).catch((error: unknown) => {
        report(error, { stage: 'internal' });
        return answer(internalError());
      }),
  };
}

/** Marks an onEvent failure already reported, so it is not reported twice. */
class HandlerFailed extends Error {}
