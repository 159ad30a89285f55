/**
 * Failure codes and error classes of the receiving side. Codes are stable strings for programs (and HTTP answers);
 * messages are for people and say what to fix. No message ever contains a secret or an expected signature: they
 * end up in logs and in HTTP answers to whoever sent the request.
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
