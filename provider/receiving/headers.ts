/**
 * Reading the two signature headers from whatever header container the caller has: Node's `req.headers`
 * (lower-case keys, `string | string[]`), a Fetch `Headers` (or anything with `get(name)`), or a plain object
 * written by hand in any case. Reading never throws: hostile containers (getters that throw, proxies) read as
 * "absent", because a verifier that throws on attacker-controlled input is a denial-of-service lever.
 */
import { isRecord } from '../rules/objects';

/** Header carrying `base64(HMAC-SHA256(secret, timestamp + ":" + rawBody))`. Lower-case, as Node presents it. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';
/** Header carrying the timestamp that was signed together with the body (an opaque string). */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-webhook-signature-timestamp';

/** Anything the verifier accepts as headers. */
export type WebhookHeaders =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/**
 * What a header read found. `repeated` means one header was sent with several different values: the verifier
 * refuses to guess which one counts.
 *
 * The one rule for a header sent on several lines, whatever shape the caller's container gives it (an array per
 * line, as in Node's `req.headersDistinct`, or one string joined with ", ", as in Node's `req.headers` and Fetch
 * `Headers.get`): values that are all the same are that one value; different values are `repeated`. A joined string
 * is split back at its commas: always for the signature (base64 has no comma), but for the timestamp, which is
 * opaque and may contain a comma itself (an HTTP-date does), only when its parts are all the same text (taken as
 * that text sent twice); otherwise the whole string is the timestamp.
 */
export type HeaderRead = { kind: 'absent' } | { kind: 'repeated' } | { kind: 'value'; value: string };

/** Looks `name` (lower-case) up in `headers`; see the module comment for the accepted shapes. */
export function readHeader(headers: unknown, name: string): HeaderRead {
  try {
    if (!isRecord(headers)) return ABSENT;
    const get = headers.get;
    if (typeof get === 'function') {
      // Fetch Headers are case-insensitive already; a Map is looked up with the lower-case name only.
      return normalize(get.call(headers, name), name);
    }
    if (Object.prototype.hasOwnProperty.call(headers, name)) return normalize(headers[name], name);
    // Hand-written objects ({ 'X-Webhook-Signature': … }): match the name case-insensitively.
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) return normalize(headers[key], name);
    }
    return ABSENT;
  } catch {
    return ABSENT;
  }
}

const ABSENT: HeaderRead = { kind: 'absent' };

/** Applies the rule of HeaderRead to what a container holds for one header. */
function normalize(raw: unknown, name: string): HeaderRead {
  const values = new Set<string>();
  for (const line of Array.isArray(raw) ? raw : [raw]) {
    const text = typeof line === 'number' && Number.isFinite(line) ? String(line) : line;
    if (typeof text !== 'string') continue;
    for (const value of splitJoined(text, name)) if (value !== '') values.add(value);
  }
  const [first, ...others] = values;
  if (first === undefined) return ABSENT;
  return others.length === 0 ? { kind: 'value', value: first } : { kind: 'repeated' };
}

/** The trimmed values in one line, which may be several lines joined with commas (see HeaderRead). */
function splitJoined(line: string, name: string): string[] {
  const parts = line.split(',').map((part) => part.trim());
  if (name === WEBHOOK_SIGNATURE_HEADER || parts.every((part) => part === parts[0])) return parts;
  return [line.trim()];
}
