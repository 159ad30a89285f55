/**
 * What both receiving entries export (`pulumi-gotowebinar/receiving` and `/receiving/web`): the names that need no
 * Node built-in. Each entry adds its own doors and verifier; nothing here may import a `node:` module.
 */
export { verifyWebhookSignatureAsync } from './verify-web';
export { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type WebhookHeaders } from './headers';
export type { Now } from './now';
export {
  WebhookPayloadError,
  EventKeyStoreError,
  WEBHOOK_ANSWER_STATUS,
  type WebhookVerificationFailureReason,
  type WebhookPayloadErrorCode,
  type WebhookAnswerErrorCode,
  type EventKeyStoreErrorCode,
} from './errors';
export type { WebhookAnswerBody } from './answers';
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
export type { WebhookHandlerOptions, WebhookDeliveryContext, WebhookReceiverErrorInfo } from './handler-options';
export type { WebhookFetchHandler, WebhookFetchHandlerOptions, WebhookFetchEventContext } from './fetch-handler';
export {
  createMemoryEventKeyStore,
  type EventKeyStore,
  type SharedEventKeyStore,
  type EventKeyClaim,
} from './dedupe';
export { createRedisEventKeyStore, type RedisCommandClient, type RedisEventKeyStoreOptions } from './redis-store';
