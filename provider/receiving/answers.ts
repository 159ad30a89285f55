/**
 * What a receiver answers, decided once by the core (receiver-core.ts) and written by each adapter in its own terms
 * (a node:http response, a Fetch `Response`, a Lambda result). The body is always a small JSON object:
 * `{ ok: true }`, `{ ok: true, duplicate: true }`, or `{ ok: false, error: CODE, message }`. The messages of answers
 * that are not about the request itself are here too, so every adapter says the same.
 */
import { WEBHOOK_ANSWER_STATUS, type WebhookAnswerErrorCode } from './errors';

export type WebhookAnswerBody =
  | { ok: true; duplicate?: true }
  | { ok: false; error: WebhookAnswerErrorCode; message: string };

export interface ReceiverAnswer {
  status: number;
  body: WebhookAnswerBody;
  /** Headers beyond the content type, e.g. Allow on a 405. */
  headers: Record<string, string>;
  /** The request body was refused before it was read to its end: the adapter disposes of the rest its own way. */
  bodyLeftUnread?: true;
}

/** The headers of every answer. */
export const ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

export function accepted(duplicate = false): ReceiverAnswer {
  return { status: 200, body: duplicate ? { ok: true, duplicate: true } : { ok: true }, headers: {} };
}

export function refused(error: WebhookAnswerErrorCode, message: string, headers: Record<string, string> = {}): ReceiverAnswer {
  return { status: WEBHOOK_ANSWER_STATUS[error], body: { ok: false, error, message }, headers };
}

export const methodNotAllowed = (): ReceiverAnswer =>
  refused('METHOD_NOT_ALLOWED', 'GoTo delivers events with POST', { allow: 'GET, HEAD, POST' });

export const bodyTooLarge = (maxBodyBytes: number): ReceiverAnswer => ({
  ...refused(
    'BODY_TOO_LARGE',
    `The body is larger than this receiver's limit of ${maxBodyBytes} bytes (maxBodyBytes): GoTo's events are a ` +
      'few KiB, so this is not a GoTo delivery, or maxBodyBytes is set too low',
  ),
  bodyLeftUnread: true,
});

/** What to do when the body was consumed before the receiver ran, said in the terms of each kind of receiver. */
export const RAW_BODY_UNAVAILABLE_MESSAGES = {
  node:
    'The request body was already consumed (parsed) before the receiver ran, so its signature cannot be checked: ' +
    "mount the receiver before any body parser, use express.raw({ type: 'application/json' }) on its route, or " +
    'keep the raw bytes in req.rawBody',
  fetch:
    'The request body was already read before the handler ran, so its signature cannot be checked: pass the ' +
    'untouched Request (or request.clone() taken before reading it)',
} as const;

export const bodyUnreadable = (): ReceiverAnswer =>
  refused('BODY_UNREADABLE', 'The request body could not be read to its end (the sender went away?)');

export const eventInProgress = (): ReceiverAnswer =>
  refused(
    'EVENT_IN_PROGRESS',
    'Another receiver instance is handling this event right now; deliver it again later (it is then either a ' +
      'duplicate or handled)',
  );

// The handler's error text stays server-side: it may hold anything, and the sender is not the one to fix it.
export const handlerFailed = (): ReceiverAnswer =>
  refused('HANDLER_FAILED', 'The event could not be processed; it can be delivered again');

export const internalError = (): ReceiverAnswer => refused('INTERNAL_ERROR', 'The receiver failed');
