/**
 * `pulumi-gotowebinar/receiving/web`: the receiving side for runtimes with the Fetch API and Web Crypto and no Node
 * built-ins (Cloudflare Workers without the Node compatibility flag, Vercel's edge runtime), and for Deno and Bun.
 * Nothing this entry loads imports a `node:` module (test/receiving/web-entry.test.ts follows the compiled files) or
 * uses a Node global such as `Buffer` (test/receiving/workerd.test.ts runs it in workerd, which has none): the
 * signature is checked with Web Crypto. The same names as `pulumi-gotowebinar/receiving`, less
 * those that need Node (createWebhookReceiver, createWebhookLambdaHandler, the synchronous verifyWebhookSignature,
 * generateTestHeaders); createWebhookFetchHandler answers exactly what the Node one answers.
 */
export type { RawBody } from './body-bytes';
export { verifyWebhookSignatureAsync } from './verify-web';
export type { VerifyWebhookSignatureOptions, WebhookVerificationResult } from './verify-input';
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
export { createWebhookFetchHandler } from './fetch-handler-web';
export type { WebhookFetchHandler, WebhookFetchHandlerOptions, WebhookFetchEventContext } from './fetch-handler';
export {
  createMemoryEventKeyStore,
  type EventKeyStore,
  type SharedEventKeyStore,
  type EventKeyClaim,
} from './dedupe';
export { createRedisEventKeyStore, type RedisCommandClient, type RedisEventKeyStoreOptions } from './redis-store';
