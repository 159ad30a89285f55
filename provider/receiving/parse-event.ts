/**
 * Turning a verified raw body into a typed event. Parse only after verifying the signature: the signature covers
 * the raw bytes, and parsing first invites re-serialising them.
 *
 * The check is deliberately shallow (a tolerant reader): an object with a string `eventName`. One of the five known
 * names gives that event as is; any other name gives an `UnknownWebhookEvent` (GoTo adds event types, and refusing
 * an authentic delivery only makes the sender retry or give up). Field contents are GoTo's business and are not
 * validated; missing fields simply read as undefined.
 */
import { EVENT_NAMES } from '../api/types';
import { isOneOf } from '../rules/rule';
import { WebhookPayloadError } from './errors';
import { parseJsonExact, type JsonValue } from './exact-json';
import type { KnownWebhookEvent, UnknownWebhookEvent, WebhookEvent, WebhookEventName } from './events';
import type { RawBody } from './signature';

/** Bytes must be valid UTF-8 (RFC 8259); a byte order mark is tolerated. `fatal` refuses replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

type JsonObject = { [name: string]: JsonValue };

/** The fields every GoToWebinar event has, copied onto an unknown event when they are strings. */
const COMMON_FIELDS = ['eventKey', 'eventVersion', 'product', 'timestamp'] as const;

/**
 * Parses a GoToWebinar event, keeping every `…Key` and every integer beyond 2^53 as an exact decimal string.
 * An event name this package does not know gives an `UnknownWebhookEvent` (see `isKnownWebhookEvent`).
 * @throws WebhookPayloadError with code INVALID_JSON or NOT_AN_EVENT
 */
export function parseWebhookEvent(rawBody: RawBody): WebhookEvent {
  const value = parseJsonExact(rawBodyText(rawBody));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WebhookPayloadError('NOT_AN_EVENT', 'The body is JSON but not an object: a GoToWebinar event is a JSON object');
  }
  const { eventName } = value;
  if (typeof eventName !== 'string' || eventName === '') {
    throw new WebhookPayloadError('NOT_AN_EVENT', 'The body is a JSON object without a non-empty string "eventName"');
  }
  return namesKnownEvent(value) ? value : unknownEvent(eventName, value);
}

/**
 * Whether an event object names one of the five known events: it is then taken as that event. The shape beyond
 * eventName is GoTo's (see events.ts); it is not re-validated field by field (see the module comment).
 */
function namesKnownEvent(value: JsonObject): value is JsonObject & KnownWebhookEvent {
  return isWebhookEventName(value.eventName);
}

/** Whether `name` is one of the five event names this package knows. */
export function isWebhookEventName(name: unknown): name is WebhookEventName {
  return isOneOf(EVENT_NAMES, name);
}

/**
 * Whether an event is one of the five this package knows; narrows the event to their union (and, when false, to
 * `UnknownWebhookEvent`). Check it before a `switch (event.eventName)`.
 */
export function isKnownWebhookEvent(event: WebhookEvent): event is KnownWebhookEvent {
  return isWebhookEventName(event.eventName);
}

function unknownEvent(eventName: string, fields: JsonObject): UnknownWebhookEvent {
  const event: UnknownWebhookEvent = { eventName, known: false, fields };
  for (const name of COMMON_FIELDS) {
    const field = fields[name];
    if (typeof field === 'string') event[name] = field;
  }
  return event;
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
