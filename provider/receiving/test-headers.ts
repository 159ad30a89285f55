/**
 * A helper for the tests of applications that receive GoTo events (like stripe-node's
 * `webhooks.generateTestHeaderString`): signs a body the way GoTo does, so a test can POST it to the application's
 * receiver, or call `verifyWebhookSignature` with it, without a GoTo account.
 */
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './headers';
import { signWebhookPayload, type RawBody } from './signature';

export interface GenerateTestHeadersOptions {
  /** The secret the receiver under test is configured with. */
  secret: string;
  /** The exact body that will be sent (the same string or bytes, not an object). */
  body: RawBody;
  /** The signed timestamp. Default: now, as ISO 8601 with milliseconds. A Date is written with toISOString(). */
  timestamp?: string | Date;
}

/**
 * The two signature headers, with lower-case names (usable with fetch, http.request, or as `req.headers`). A type
 * alias, not an interface, so that it is assignable to index-signature types such as fetch's HeadersInit.
 */
export type WebhookSignatureHeaders = {
  'x-webhook-signature': string;
  'x-webhook-signature-timestamp': string;
};

/** Returns the headers GoTo would send with `body`. @throws TypeError on arguments of the wrong type */
export function generateTestHeaders({ secret, body, timestamp }: GenerateTestHeadersOptions): WebhookSignatureHeaders {
  const signedAt = timestamp === undefined ? new Date().toISOString() : timestamp instanceof Date ? timestamp.toISOString() : timestamp;
  return {
    [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(secret, signedAt, body),
    [WEBHOOK_TIMESTAMP_HEADER]: signedAt,
  };
}
