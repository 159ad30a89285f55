/**
 * pulumi-gotowebinar: GoToWebinar webhooks as Pulumi resources, plus what the receiving application needs.
 *
 * - Resources (Pulumi dynamic providers): Webhook, SecretKey, UserSubscription.
 * - Receiving side: verifyWebhookSignature, createWebhookReceiver, parseWebhookEvent, … (also available without
 *   loading the Pulumi SDK as `pulumi-gotowebinar/receiving`).
 * - The API client: GoToClient, its options (with the `Clock` every wait uses) and its two errors, GoToApiError
 *   (what GoTo answered) and GoToConfigError (what is configured wrong). Its full model (whose `Webhook` etc. are
 *   plain API records, not the resources) is `pulumi-gotowebinar/client`.
 */
export * from './resources';
export * from './receiving';
export {
  GoToClient,
  GoToApiError,
  GoToConfigError,
  isGoToApiError,
  isGoToConfigError,
  isNotFound,
  EVENT_NAMES,
  STATES,
} from './api';
export type { GoToClientOptions, Clock, GoToErrorCode, Credentials, EventName, ActiveState } from './api';
