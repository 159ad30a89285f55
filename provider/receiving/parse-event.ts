/**
 * Turning a verified raw body into a typed event. Parse only after verifying the signature: the signature covers
 * the raw bytes, and parsing first invites re-serialising them.
 *
 * The check is deliberately shallow (a tolerant reader): an object, with one of the five event names. Field
 * contents are GoTo's business and are not validated; missing fields simply read as undefined.
 */
import { EVENT_NAMES } from '../api/types';
import { WebhookPayloadError } from './errors';
import { parseJsonExact } from './exact-json';
import type { WebhookEvent, WebhookEventName } from './events';
import type { RawBody } from './signature';

/** Bytes must be valid UTF-8 (RFC 8259); a byte order mark is tolerated. `fatal` refuses replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a GoToWebinar event, keeping every `…Key` and every integer beyond 2^53 as an exact decimal string.
 * @throws WebhookPayloadError with code INVALID_JSON, NOT_AN_EVENT or UNSUPPORTED_EVENT
 */
export function parseWebhookEvent(rawBody: RawBody): WebhookEvent {
  const value = parseJsonExact(rawBodyText(rawBody));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WebhookPayloadError('NOT_AN_EVENT', 'The body is JSON but not an object: a GoToWebinar event is a JSON object');
  }
  const { eventName } = value;
  if (typeof eventName !== 'string') {
    throw new WebhookPayloadError('NOT_AN_EVENT', 'The body is a JSON object without a string "eventName"');
  }
  if (!isWebhookEventName(eventName)) {
    throw new WebhookPayloadError(
      'UNSUPPORTED_EVENT',
      `Unsupported eventName ${JSON.stringify(eventName.slice(0, 64))}: expected one of ${EVENT_NAMES.join(', ')}`,
    );
  }
  // The shape beyond eventName is GoTo's (see events.ts); it is not re-validated field by field.
  return value as unknown as WebhookEvent;
}

export function isWebhookEventName(name: unknown): name is WebhookEventName {
  return (EVENT_NAMES as readonly unknown[]).includes(name);
}

/** The body as text; invalid UTF-8 is an INVALID_JSON error, not silently replaced characters. */
function rawBodyText(rawBody: RawBody): string {
  if (typeof rawBody === 'string') return rawBody;
  if (!(rawBody instanceof Uint8Array)) {
    throw new TypeError('parseWebhookEvent: rawBody must be the raw body as a string, Buffer or Uint8Array');
  }
  try {
    return utf8.decode(rawBody);
  } catch {
    throw new WebhookPayloadError('INVALID_JSON', 'The body is not valid UTF-8 text');
  }
}
