/**
 * Failure codes and error classes of the receiving side, all in this one file. Codes are stable strings for programs
 * (and HTTP answers, with the status each is answered with); messages are for people and say what to fix. No message
 * ever contains a secret or an expected signature: they end up in logs and in HTTP answers to whoever sent the request.
 */

/** Why a delivery's signature was not accepted. */
export type WebhookVerificationFailureReason =
  /** The options object itself is unusable (not an object, bad toleranceSeconds or clock). A programming error. */
  | 'INVALID_OPTIONS'
  /** No usable secret was configured. */
  | 'NO_SECRETS'
  /** The body is not raw bytes/text (typically a parsed JSON object): the signature covers the exact bytes. */
  | 'BODY_NOT_RAW'
  | 'MISSING_SIGNATURE_HEADER'
  | 'MISSING_TIMESTAMP_HEADER'
  /** The signature header is not base64 of a 32-byte SHA-256 digest, or was sent several times with different values. */
  | 'MALFORMED_SIGNATURE'
  /** The signature matches no configured secret for this body and timestamp. */
  | 'SIGNATURE_MISMATCH'
  /**
   * The timestamp header is unusable: sent several times with different values, or (authentic, but) not readable as
   * a time, so its age cannot be checked.
   */
  | 'MALFORMED_TIMESTAMP'
  /** Authentic, but signed too long ago (a replay or a long delay) or too far in the future (clock skew). */
  | 'TIMESTAMP_OUTSIDE_TOLERANCE';

/** Thrown by `assertWebhookSignature`: the same code and message `verifyWebhookSignature` returns. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookVerificationFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Why a (verified) body could not be read as a GoToWebinar event. */
export type WebhookPayloadErrorCode =
  /** Not UTF-8, or not JSON. The message gives the byte/character position. */
  | 'INVALID_JSON'
  /**
   * JSON, but not an object with a non-empty string `eventName`. (An event name this package does not know is not
   * an error: it gives an `UnknownWebhookEvent`.)
   */
  | 'NOT_AN_EVENT';

/** Thrown by `parseWebhookEvent` and `parseJsonExact`. */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  constructor(
    readonly code: WebhookPayloadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `error` of a receiver's JSON answer `{ ok: false, error, message }`, the same from every receiver (node:http,
 * Fetch, Lambda): why a delivery was refused, or why it was not handled. The HTTP status of each is in
 * WEBHOOK_ANSWER_STATUS.
 */
export type WebhookAnswerErrorCode =
  | WebhookVerificationFailureReason
  | WebhookPayloadErrorCode
  /** Neither POST (a delivery) nor GET/HEAD (GoTo's validation of the callback URL). */
  | 'METHOD_NOT_ALLOWED'
  /** Larger than `maxBodyBytes`: refused before it was read whole. */
  | 'BODY_TOO_LARGE'
  /** A framework consumed (parsed) the body before the receiver ran: its bytes, which are signed, are gone. */
  | 'RAW_BODY_UNAVAILABLE'
  /** The body could not be read to its end (the sender went away mid-body). */
  | 'BODY_UNREADABLE'
  /**
   * Another receiver instance sharing the event-key store is handling this event right now: answered non-2xx so that
   * GoTo delivers it again, and by then that attempt has either succeeded (a duplicate) or failed (handled here).
   */
  | 'EVENT_IN_PROGRESS'
  /** `onEvent` threw, or the event-key store failed before it could run: GoTo may deliver the event again. */
  | 'HANDLER_FAILED'
  /** The receiver itself failed: a bug. */
  | 'INTERNAL_ERROR';

/** The HTTP status each refusal is answered with (a handled delivery, or a duplicate, is 200). */
export const WEBHOOK_ANSWER_STATUS: Readonly<Record<WebhookAnswerErrorCode, number>> = {
  // The receiver's own configuration (a bad clock, no secret) is not the sender's fault.
  INVALID_OPTIONS: 500,
  NO_SECRETS: 500,
  BODY_NOT_RAW: 401,
  MISSING_SIGNATURE_HEADER: 401,
  MISSING_TIMESTAMP_HEADER: 401,
  MALFORMED_SIGNATURE: 401,
  SIGNATURE_MISMATCH: 401,
  MALFORMED_TIMESTAMP: 401,
  TIMESTAMP_OUTSIDE_TOLERANCE: 401,
  INVALID_JSON: 400,
  NOT_AN_EVENT: 400,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  RAW_BODY_UNAVAILABLE: 400,
  BODY_UNREADABLE: 400,
  EVENT_IN_PROGRESS: 409,
  HANDLER_FAILED: 500,
  INTERNAL_ERROR: 500,
};

/** Why a shared event-key store (createRedisEventKeyStore) could not answer. */
export type EventKeyStoreErrorCode =
  /** The store's server did not answer within its command timeout (down, unreachable, or reconnecting). */
  | 'STORE_TIMEOUT'
  /** The store's client failed the command (connection refused or closed, an error reply). */
  | 'STORE_UNAVAILABLE';

/**
 * Given to `onError` (stage "dedupe") when the shared event-key store could not be reached: the event was handled
 * without deduplication (whenUnavailable "accept"), or refused with 500 (whenUnavailable "refuse"). The client's
 * own error, if any, is `cause`.
 */
export class EventKeyStoreError extends Error {
  override readonly name = 'EventKeyStoreError';
  constructor(
    readonly code: EventKeyStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
