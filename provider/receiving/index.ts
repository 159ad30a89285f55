/**
 * The receiving side: what an application that receives GoToWebinar's webhook deliveries needs to trust them.
 *
 * - verifyWebhookSignature / assertWebhookSignature: is this delivery from GoTo, with one of our secrets, and recent?
 * - parseWebhookEvent: the event, typed, with 64-bit keys kept exact as strings (isKnownWebhookEvent tells the five
 *   known event types from newer ones);
 * - createWebhookReceiver: a complete callback endpoint for node:http and Express/Connect, with an event-key store
 *   for dedupe (createMemoryEventKeyStore, or your own);
 * - generateTestHeaders: headers GoTo would send with a body, for the application's own tests.
 *
 * The rest is the types of those. What a receiving application does not need (the signer itself, the exact-JSON
 * parser, defaults) stays inside; the shared value rules are `pulumi-gotowebinar/rules`.
 */
export type { RawBody } from './signature';
export {
  verifyWebhookSignature,
  assertWebhookSignature,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify';
export { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type WebhookHeaders } from './headers';
export type { Now } from './now';
export {
  WebhookVerificationError,
  WebhookPayloadError,
  type WebhookVerificationFailureReason,
  type WebhookPayloadErrorCode,
} from './errors';
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
export { createMemoryEventKeyStore, type EventKeyStore } from './dedupe';
