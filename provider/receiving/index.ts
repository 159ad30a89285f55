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
export type { RawBody } from './signature';
export {
  verifyWebhookSignature,
  assertWebhookSignature,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify';
export { verifyWebhookSignatureAsync } from './verify-web';
export { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type WebhookHeaders } from './headers';
export type { Now } from './now';
export {
  WebhookVerificationError,
  WebhookPayloadError,
  EventKeyStoreError,
  WEBHOOK_ANSWER_STATUS,
  type WebhookVerificationFailureReason,
  type WebhookPayloadErrorCode,
  type WebhookAnswerErrorCode,
  type EventKeyStoreErrorCode,
} from './errors';
export type { WebhookAnswerBody } from './answers';
export { generateTestHeaders, type GenerateTestHeadersOptions, type WebhookSignatureHeaders } from './test-headers';
export { parseWebhookEvent, isKnownWebhookEvent } from './parse-event';
export type { JsonValue } from './exact-json';
export type {
  WebhookEvent,
  KnownWebhookEvent,
  UnknownWebhookEvent,
  WebhookEventName,
  WebhookEventOf,
  WebhookEventBase,
  RegistrantAddedEvent,
  RegistrantJoinedEvent,
  WebinarCreatedEvent,
  WebinarChangedEvent,
  WebinarEventFields,
  SurveySubmittedEvent,
  RegistrantResponse,
  WebinarTime,
} from './events';
export {
  createWebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookEventContext,
  type WebhookReceiverErrorInfo,
  type WebhookRequestHandler,
} from './receiver';
export type { WebhookHandlerOptions, WebhookDeliveryContext } from './handler-options';
export { createWebhookFetchHandler } from './fetch-handler-node';
export type { WebhookFetchHandler, WebhookFetchHandlerOptions, WebhookFetchEventContext } from './fetch-handler';
export {
  createWebhookLambdaHandler,
  type WebhookLambdaHandler,
  type WebhookLambdaEvent,
  type WebhookLambdaResult,
} from './lambda-handler';
export {
  createMemoryEventKeyStore,
  type EventKeyStore,
  type SharedEventKeyStore,
  type EventKeyClaim,
} from './dedupe';
export { createRedisEventKeyStore, type RedisCommandClient, type RedisEventKeyStoreOptions } from './redis-store';
