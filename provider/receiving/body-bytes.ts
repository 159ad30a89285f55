/**
 * The raw body as the receiving side takes it: the exact bytes received, or their UTF-8 text. Kept apart from the
 * signer (signature.ts, which uses Node's `crypto`) so that what runs without Node's built-ins (the Fetch handler on
 * Workers) can share it; nothing here needs `Buffer`.
 */

/** A raw request body: the bytes as received (Buffer, Uint8Array) or their UTF-8 text. */
export type RawBody = string | Uint8Array;

export function isRawBody(body: unknown): body is RawBody {
  return typeof body === 'string' || body instanceof Uint8Array;
}

const encoder = new TextEncoder();

/** The bytes a body stands for: a string as UTF-8, bytes as they are (not copied). */
export function bodyBytes(body: RawBody): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/** `prefix` (as UTF-8) followed by `body`, in one new array: what an HMAC over both at once is computed on. */
export function prefixedBytes(prefix: string, body: RawBody): Uint8Array {
  const head = encoder.encode(prefix);
  const tail = bodyBytes(body);
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head);
  joined.set(tail, head.length);
  return joined;
}
