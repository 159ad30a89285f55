/**
 * The client's public model. Method arguments and results use the resource model's names (those of the founding
 * sketch, the early outline of the API this project started from: `webhookState`, `subscriptionKey`, `secretKey`); only the client knows the wire names of GoTo's published spec
 * (`state`, `userSubscriptionKey`, `value`) and translates in both directions.
 */

export const EVENT_NAMES = [
  'registrant.added',
  'registrant.joined',
  'webinar.created',
  'webinar.changed',
  'survey.submitted',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export const STATES = ['ACTIVE', 'INACTIVE'] as const;
export type ActiveState = (typeof STATES)[number];

export const EVENT_VERSIONS = ['1.0.0'] as const;
export type EventVersion = (typeof EVENT_VERSIONS)[number];
export const PRODUCTS = ['g2w'] as const;
export type Product = (typeof PRODUCTS)[number];

/** What a webhook that names no version or product is: the one payload version GoTo publishes, and GoToWebinar. */
export const DEFAULT_EVENT_VERSION: EventVersion = EVENT_VERSIONS[0];
export const DEFAULT_PRODUCT: Product = PRODUCTS[0];

export interface Webhook {
  webhookKey: string;
  callbackUrl: string;
  eventName: string;
  eventVersion: string;
  product: string;
  webhookState: ActiveState;
  createTime?: string;
}

export interface CreateWebhookArgs {
  callbackUrl: string;
  eventName: EventName;
  eventVersion?: string; // default 1.0.0
  product?: Product; // default g2w
}

export interface UpdateWebhookArgs {
  webhookKey: string;
  callbackUrl?: string;
  webhookState?: ActiveState;
}

export interface UserSubscription {
  subscriptionKey: string;
  webhookKey: string;
  callbackUrl?: string;
  userSubscriptionState: ActiveState;
  /** ACTIVE only when both the webhook and the subscription are ACTIVE. */
  activationState?: ActiveState;
  eventName?: string;
  eventVersion?: string;
  product?: string;
  createTime?: string;
}

export interface CreateUserSubscriptionArgs {
  webhookKey: string;
  callbackUrl?: string;
  userSubscriptionState?: ActiveState;
}

export interface UpdateUserSubscriptionArgs {
  subscriptionKey: string;
  webhookKey: string;
  callbackUrl?: string;
  userSubscriptionState?: ActiveState;
}

export interface SecretKey {
  /** GoTo answers an integer; kept as a decimal string. Absent when the API answered the sketch's shape. */
  id?: string;
  secretKey: string;
  validFrom?: string;
}

/**
 * A static bearer token; or an OAuth client with a user's refresh token or personal access token, exchanged at the
 * token endpoint for access tokens as they are needed.
 */
export type Credentials =
  | { accessToken: string }
  | {
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      /** Where the refresh token was configured (a config key or variable of the caller), named in messages; never a value. */
      refreshTokenSource?: string;
    }
  | {
      clientId: string;
      clientSecret: string;
      /** A user's personal access token (GoTo's `personal_access_token` grant). */
      personalAccessToken: string;
      /** Where the personal access token was configured, named in messages; never a value. */
      personalAccessTokenSource?: string;
    };
