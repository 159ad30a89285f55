/**
 * The receiving side: what an application that receives GoToWebinar's webhook deliveries needs to trust them.
 *
 * - verifyWebhookSignature / assertWebhookSignature: is this delivery from GoTo, with one of our secrets, and recent?
 *   (verifyWebhookSignatureAsync: the same through Web Crypto);
 * - parseWebhookEvent: the event, typed, with 64-bit keys kept exact as strings (isKnownWebhookEvent tells the five
 *   known event types from newer ones);
 * - one receiver behind three doors, answering every delivery alike: createWebhookReceiver (node:http,
 *   Express/Connect), createWebhookFetchHandler (Request -> Response: Workers, Deno, Bun, Next.js, Hono) and
 *   createWebhookLambdaHandler (AWS Lambda); with an event-key store for dedupe (createMemoryEventKeyStore, the
 *   default, or createRedisEventKeyStore shared by several instances, or your own);
 * - generateTestHeaders: headers GoTo would send with a body, for the application's own tests.
 *
 * `pulumi-gotowebinar/receiving/web` (web.ts) is the part that needs no Node built-in. What a receiving application
 * does not need (the signer itself, the exact-JSON parser, the core) stays inside; the shared value rules are
 * `pulumi-gotowebinar/rules`.
 */
export * from './common-exports';
export type { RawBody } from './signature';
export {
  verifyWebhookSignature,
  assertWebhookSignature,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify';
export { WebhookVerificationError } from './errors';
export { generateTestHeaders, type GenerateTestHeadersOptions, type WebhookSignatureHeaders } from './test-headers';
export {
  createWebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookEventContext,
  type WebhookReceiverErrorInfo,
  type WebhookRequestHandler,
} from './receiver';
export { createWebhookFetchHandler } from './fetch-handler-node';
export {
  createWebhookLambdaHandler,
  type WebhookLambdaHandler,
  type WebhookLambdaEvent,
  type WebhookLambdaResult,
} from './lambda-handler';
