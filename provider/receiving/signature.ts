/**
 * The signature GoTo puts on every delivered event:
 *
 *   X-Webhook-Signature = base64( HMAC-SHA256( key = secret value, message = timestamp + ":" + rawBody ) )
 *
 * GoTo's own description of the algorithm could not be retrieved; this is what two independent receivers (a Drupal
 * module and a Node receiver) agree on, as recorded in the API notes this project was built from ("Signature of
 * delivered events"; they are not part of this repository). README.md ("Receiving events") and simulator/README.md
 * ("Event delivery") state the same.
 *
 * The body is signed as the exact bytes received: re-serialising parsed JSON changes whitespace, key order, escapes
 * and big integers, and the signature no longer matches. A string body is taken as its UTF-8 bytes.
 */
import { createHmac } from 'node:crypto';
import { isRawBody, type RawBody } from './body-bytes';

export { isRawBody, type RawBody };

/** The raw HMAC-SHA256 digest of `timestamp:rawBody`. Inputs are trusted (checked by the callers). */
export function signatureDigest(secret: string, timestamp: string, rawBody: RawBody): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}:`, 'utf8').update(rawBody).digest();
}

/**
 * The `X-Webhook-Signature` value for a delivery: what GoTo sends, and what a test (or another sender) must send.
 *
 * @param secret    the secret key's value, as answered once by `POST /webhooks/secretkey`
 * @param timestamp the `X-Webhook-Signature-Timestamp` value, an opaque string signed as is
 * @param rawBody   the exact body bytes (a string is signed as UTF-8)
 * @throws TypeError when an argument has the wrong type (this is the sending side: a mistake there is a bug)
 */
export function signWebhookPayload(secret: string, timestamp: string, rawBody: RawBody): string {
  if (typeof secret !== 'string' || secret === '') {
    throw new TypeError('signWebhookPayload: secret must be a non-empty string (the value of a GoTo secret key)');
  }
  if (typeof timestamp !== 'string' || timestamp === '') {
    throw new TypeError('signWebhookPayload: timestamp must be a non-empty string, e.g. new Date().toISOString()');
  }
  if (!isRawBody(rawBody)) {
    throw new TypeError(
      'signWebhookPayload: rawBody must be the raw body as a string, Buffer or Uint8Array; to sign an object, ' +
        'JSON.stringify it once and send exactly that text',
    );
  }
  return signatureDigest(secret, timestamp, rawBody).toString('base64');
}
