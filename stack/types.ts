/**
 * What the root stack's configuration declares, once read (see config.ts for the keys and how they are read).
 */
import { EVENT_NAMES, type EventName } from 'pulumi-gotowebinar/client';

/** The project name in Pulumi.yaml, hence the namespace of the stack's keys. */
export const PROJECT = 'gotowebinar-webhooks';

/** GoToWebinar's events, as the package knows them. */
export const EVENTS = EVENT_NAMES;
export type StackEventName = EventName;
export type StackState = 'ACTIVE' | 'INACTIVE';

/** The name under which the stack's default credentials subscribe (no organizer profile). */
export const DEFAULT_ORGANIZER = 'default';

export interface WebhookDecl {
  /** Key in the `webhooks` map; also the Pulumi resource name. */
  name: string;
  eventName: StackEventName;
  state: StackState;
  /** Path after `<callbackBaseUrl>/<token>/`, without a leading slash. */
  path: string;
}

export interface SubscriptionDecl {
  /** Pulumi resource name: `<organizer>-<webhook>`. */
  name: string;
  /** Organizer profile name, or undefined for the default credentials (`default` in the stack file). */
  organizer: string | undefined;
  /** As written in the stack file (`default` for the default credentials). */
  organizerName: string;
  webhook: string;
  state: StackState;
}

export interface StackSettings {
  /** Without a trailing slash. */
  callbackBaseUrl: string;
  /** Keeper of the callback path token: changing it makes a new token (and so new callback URLs). */
  callbackTokenRotation: string;
  webhooks: WebhookDecl[];
  secretKey: { validFrom?: string; rotation?: string };
  subscriptions: SubscriptionDecl[];
}
