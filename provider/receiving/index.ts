/**
 * The receiving side: what an application that receives GoToWebinar's webhook deliveries needs to trust them.
 *
 * - verifyWebhookSignature / assertWebhookSignature: is this delivery from GoTo, with one of our secrets, and recent?
 * - parseWebhookEvent: the event, typed, with 64-bit keys kept exact as strings (isKnownWebhookEvent tells the five
 *   known event types from newer ones);
 * - createWebhookReceiver: a complete callback endpoint for node:http and Express/Connect;
 * - signWebhookPayload / generateTestHeaders: the sending side, for tests and simulators.
 */
export { signWebhookPayload, type RawBody } from './signature';
export {
  verifyWebhookSignature,
  assertWebhookSignature,
  DEFAULT_TOLERANCE_SECONDS,
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
export { parseWebhookEvent, isWebhookEventName, isKnownWebhookEvent } from './parse-event';
export { parseJsonExact, type JsonValue } from './exact-json';
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
  DEFAULT_MAX_BODY_BYTES,
  type WebhookReceiverOptions,
  type WebhookEventContext,
  type WebhookReceiverErrorInfo,
  type WebhookRequestHandler,
} from './receiver';
export { createMemoryEventKeyStore, DEFAULT_DEDUPE_CAPACITY, type EventKeyStore } from './dedupe';
