/**
 * Reading the two signature headers from whatever header container the caller has: Node's `req.headers`
 * (lower-case keys, `string | string[]`), a Fetch `Headers` (or anything with `get(name)`), or a plain object
 * written by hand in any case. Reading never throws: hostile containers (getters that throw, proxies) read as
 * "absent", because a verifier that throws on attacker-controlled input is a denial-of-service lever.
 */

/** Header carrying `base64(HMAC-SHA256(secret, timestamp + ":" + rawBody))`. Lower-case, as Node presents it. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';
/** Header carrying the timestamp that was signed together with the body (an opaque string). */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-webhook-signature-timestamp';

/** Anything the verifier accepts as headers. */
export type WebhookHeaders =
  | { get(name: string): string | null | undefined }
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>;

/**
 * What a header read found. `repeated` means several different values were sent for one header (an array with
 * more than one distinct entry): the verifier refuses to guess which one counts.
 */
export type HeaderRead = { kind: 'absent' } | { kind: 'repeated' } | { kind: 'value'; value: string };

/** Looks `name` (lower-case) up in `headers`; see the module comment for the accepted shapes. */
export function readHeader(headers: unknown, name: string): HeaderRead {
  try {
    if (headers === null || typeof headers !== 'object') return ABSENT;
    const container = headers as { get?: unknown } & Record<string, unknown>;
    if (typeof container.get === 'function') {
      // Fetch Headers are case-insensitive already; a Map is looked up with the lower-case name only.
      return normalize((container.get as (n: string) => unknown).call(headers, name));
    }
    if (Object.prototype.hasOwnProperty.call(container, name)) return normalize(container[name]);
    // Hand-written objects ({ 'X-Webhook-Signature': … }): match the name case-insensitively.
    for (const key of Object.keys(container)) {
      if (key.toLowerCase() === name) return normalize(container[key]);
    }
    return ABSENT;
  } catch {
    return ABSENT;
  }
}

const ABSENT: HeaderRead = { kind: 'absent' };

function normalize(raw: unknown): HeaderRead {
  if (Array.isArray(raw)) {
    const values = [...new Set(raw.filter((v): v is string => typeof v === 'string').map((v) => v.trim()))].filter(
      (v) => v !== '',
    );
    if (values.length === 0) return ABSENT;
    return values.length === 1 ? { kind: 'value', value: values[0] as string } : { kind: 'repeated' };
  }
  if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'value', value: String(raw) };
  if (typeof raw !== 'string') return ABSENT;
  const value = raw.trim();
  return value === '' ? ABSENT : { kind: 'value', value };
}
