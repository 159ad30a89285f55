/**
 * The parts of verifying a delivery that need no cryptography: reading the options and the two headers, and judging
 * the result of the signature check (which secret matched, the timestamp's age). Node's `crypto` (verify.ts) and
 * Web Crypto (verify-web.ts) compute and compare the digests in between, so both give the same answers, word for word.
 *
 * Design points (after octokit/webhooks-methods and stripe-node's Webhooks):
 * - a result object, never an exception, for any input whatsoever: the inputs come from the network;
 * - the signature is checked before the timestamp's age, so an "outside tolerance" answer is only ever given for an
 *   authentic delivery (otherwise it would be a misleading diagnosis of a forgery);
 * - every secret is tried (no early exit), with a constant-time comparison, so timing says nothing about how much of
 *   a forged signature was right;
 * - several secrets are accepted during a key rotation; `secretIndex` says which one matched, so the operator can
 *   tell when the old key has stopped being used and can be retired.
 */
import type { WebhookVerificationFailureReason } from './errors';
import { readHeader, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type WebhookHeaders } from './headers';
import { readNow, type Now } from './now';
import { readSecrets } from './secrets';
import { isRawBody, type RawBody } from './body-bytes';
import { timestampToEpochMs } from '../rules/timestamp';

/** Default replay window, as in Stripe: five minutes either side of the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyWebhookSignatureOptions {
  /** The raw body exactly as received (Buffer/Uint8Array, or its UTF-8 text). A parsed object is refused. */
  body: RawBody;
  /**
   * Node's `req.headers` (or `req.headersDistinct`), a Fetch `Headers`, or a plain object with header names in any
   * case. A header sent several times counts once if every copy is the same, and is refused otherwise.
   */
  headers: WebhookHeaders;
  /** The secret key value, or several during a rotation (a signature made with any of them is accepted). */
  secrets: string | readonly string[];
  /**
   * Largest accepted distance, in seconds, between the signed timestamp and `now`, in either direction.
   * Default 300. `0` (or `Infinity`) turns the age check off and leaves the timestamp entirely opaque.
   */
  toleranceSeconds?: number;
  /** The receiver's clock: a Date, epoch ms, or a function returning either. Default: the system clock. */
  now?: Now;
}

export type WebhookVerificationResult =
  | {
      ok: true;
      /** Index in `secrets` of the secret that made the signature (0 when a single string was given). */
      secretIndex: number;
      /** The signed `X-Webhook-Signature-Timestamp` value. */
      timestamp: string;
    }
  | { ok: false; reason: WebhookVerificationFailureReason; message: string };

export type VerificationFailure = Extract<WebhookVerificationResult, { ok: false }>;

/** What the digest comparison works on, once everything else was found usable. */
export interface VerificationInput {
  ok: true;
  secrets: string[];
  body: RawBody;
  /** The X-Webhook-Signature value: base64 of 32 bytes, as SIGNATURE_SHAPE guarantees. */
  signature: string;
  timestamp: string;
  toleranceSeconds: number;
  now: Now | undefined;
}

export const fail = (reason: WebhookVerificationFailureReason, message: string): VerificationFailure => ({
  ok: false,
  reason,
  message,
});

/** Thrown getters and proxies can only come from the caller's options: the inputs were unreadable. */
export const UNREADABLE_OPTIONS = fail('INVALID_OPTIONS', 'verifyWebhookSignature: the options could not be read');

/** base64 (standard alphabet) of 32 bytes: 43 significant characters and one optional "=" of padding. */
const SIGNATURE_SHAPE = /^[A-Za-z0-9+/]{43}=?$/;

/** Everything before the digests: the options, the secrets, the body's type, the headers and their shape. */
export function readVerificationInput(options: VerifyWebhookSignatureOptions): VerificationInput | VerificationFailure {
  if (options === null || typeof options !== 'object') {
    return fail('INVALID_OPTIONS', 'verifyWebhookSignature expects an options object: { body, headers, secrets }');
  }
  const { body, headers, secrets, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now } = options;

  if (!isToleranceSeconds(toleranceSeconds)) {
    return fail('INVALID_OPTIONS', 'toleranceSeconds must be a number of seconds >= 0 (0 turns the age check off)');
  }
  const secretsRead = readSecrets(secrets);
  if (!secretsRead.ok) return fail('NO_SECRETS', secretsRead.message);
  if (!isRawBody(body)) return fail('BODY_NOT_RAW', bodyNotRawMessage(body));

  const signature = readHeader(headers, WEBHOOK_SIGNATURE_HEADER);
  if (signature.kind === 'absent') {
    return fail(
      'MISSING_SIGNATURE_HEADER',
      'The request has no X-Webhook-Signature header: it was not signed by GoTo, or a proxy removed the header',
    );
  }
  const timestamp = readHeader(headers, WEBHOOK_TIMESTAMP_HEADER);
  if (timestamp.kind === 'absent') {
    return fail(
      'MISSING_TIMESTAMP_HEADER',
      'The request has no X-Webhook-Signature-Timestamp header: it was not signed by GoTo, or a proxy removed the header',
    );
  }
  // Repeats of one value are that value; different values are refused, not guessed at (the rule: headers.ts).
  if (signature.kind === 'repeated') {
    return fail(
      'MALFORMED_SIGNATURE',
      'The X-Webhook-Signature header was sent several times with different values, so which one was signed is ' +
        'ambiguous: send it once (a proxy or client adding its own copy is the usual cause)',
    );
  }
  if (timestamp.kind === 'repeated') {
    return fail(
      'MALFORMED_TIMESTAMP',
      'The X-Webhook-Signature-Timestamp header was sent several times with different values, so which one was ' +
        'signed is ambiguous: send it once (a proxy or client adding its own copy is the usual cause)',
    );
  }
  if (!SIGNATURE_SHAPE.test(signature.value)) {
    return fail(
      'MALFORMED_SIGNATURE',
      `The X-Webhook-Signature header is not a base64 HMAC-SHA256 digest (expected 44 base64 characters, got ${signature.value.length})`,
    );
  }
  return {
    ok: true,
    secrets: secretsRead.secrets,
    body,
    signature: signature.value,
    timestamp: timestamp.value,
    toleranceSeconds,
    now,
  };
}

/** The answer once every secret was tried: `secretIndex` is the first that matched, or -1. */
export function verificationOutcome(input: VerificationInput, secretIndex: number): WebhookVerificationResult {
  if (secretIndex === -1) {
    const count = input.secrets.length;
    const tried = count === 1 ? 'the configured secret' : `any of the ${count} configured secrets`;
    return fail(
      'SIGNATURE_MISMATCH',
      `The X-Webhook-Signature does not match the body and timestamp for ${tried}: the body was altered (verify the ` +
        'raw bytes before any parsing or re-encoding), or the secret is not the current secret key value',
    );
  }
  return checkAge(input) ?? { ok: true, secretIndex, timestamp: input.timestamp };
}

/** A usable `toleranceSeconds`: a number >= 0, Infinity included. */
export function isToleranceSeconds(value: unknown): value is number {
  return typeof value === 'number' && value >= 0; // NaN fails the comparison
}

function checkAge({ timestamp, toleranceSeconds, now }: VerificationInput): VerificationFailure | undefined {
  if (toleranceSeconds === 0 || toleranceSeconds === Infinity) return undefined;
  const nowMs = readNow(now);
  if (nowMs === undefined) {
    return fail('INVALID_OPTIONS', 'now must be a Date, epoch milliseconds, or a function returning one of them');
  }
  const signedMs = timestampToEpochMs(timestamp);
  if (signedMs === undefined) {
    return fail(
      'MALFORMED_TIMESTAMP',
      `The X-Webhook-Signature-Timestamp ${JSON.stringify(timestamp.slice(0, 40))} is neither an ISO 8601 date-time ` +
        'with a zone (e.g. 2026-11-27T15:52:13Z, +00:00 or +0000) nor epoch seconds or milliseconds, so its age ' +
        'cannot be checked (toleranceSeconds: 0 turns the age check off)',
    );
  }
  const ageSeconds = (nowMs - signedMs) / 1000;
  if (Math.abs(ageSeconds) <= toleranceSeconds) return undefined;
  const distance = `${Math.round(Math.abs(ageSeconds))} s in the ${ageSeconds > 0 ? 'past' : 'future'}`;
  return fail(
    'TIMESTAMP_OUTSIDE_TOLERANCE',
    `The X-Webhook-Signature-Timestamp is ${distance} (tolerance ${toleranceSeconds} s): a replayed or delayed ` +
      "delivery, or this server's clock is off",
  );
}

function bodyNotRawMessage(body: unknown): string {
  const what = body === null || body === undefined ? 'missing' : Array.isArray(body) ? 'an array' : `a ${typeof body}`;
  return (
    `The body is ${what}, not the raw request body: the signature covers the exact bytes GoTo sent, so pass them ` +
    "(a Buffer or string) before any JSON parsing, e.g. with express.raw({ type: 'application/json' })"
  );
}
