import * as pulumi from '@pulumi/pulumi';
import type { ActiveState } from '../api/types';
import { userSubscriptionProvider } from './shim';

export interface UserSubscriptionArgs {
  /** The webhook to subscribe to. Replaces on change. */
  webhookKey: pulumi.Input<string>;
  /** https URL for this organizer's events; default: the webhook's. Updates in place. */
  callbackUrl?: pulumi.Input<string>;
  /** Default ACTIVE. Updates in place. */
  userSubscriptionState?: pulumi.Input<ActiveState>;
  /** Adopt the existing subscription with this key instead of creating one. */
  subscriptionKey?: pulumi.Input<string>;
  /**
   * Whose subscription it is: a credentials profile (config `gotowebinar:organizers.<name>`, or
   * GOTOWEBINAR_ORGANIZER_<NAME>_* variables), resolved when the provider runs, never stored. Default: the default
   * account. Replaces on change.
   */
  organizer?: pulumi.Input<string>;
}

/** One organizer's subscription to a webhook. Events flow when it and the webhook are both ACTIVE. */
export class UserSubscription extends pulumi.dynamic.Resource {
  /** GoTo's key of the subscription (also the resource id). */
  declare readonly subscriptionKey: pulumi.Output<string>;
  declare readonly webhookKey: pulumi.Output<string>;
  declare readonly callbackUrl: pulumi.Output<string | undefined>;
  declare readonly userSubscriptionState: pulumi.Output<ActiveState>;
  /** ACTIVE only when the webhook and the subscription are both ACTIVE. */
  declare readonly activationState: pulumi.Output<ActiveState>;
  declare readonly eventName: pulumi.Output<string>;
  declare readonly eventVersion: pulumi.Output<string>;
  declare readonly product: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly organizer: pulumi.Output<string | undefined>;

  constructor(name: string, args: UserSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      userSubscriptionProvider,
      name,
      // Every output must be a key of the props, or the SDK does not register it and it stays undefined at run time.
      {
        callbackUrl: undefined,
        userSubscriptionState: undefined,
        organizer: undefined,
        activationState: undefined,
        eventName: undefined,
        eventVersion: undefined,
        product: undefined,
        createTime: undefined,
        ...args,
        subscriptionKey: args.subscriptionKey,
      },
      opts,
      'gotowebinar',
      'UserSubscription',
    );
    // The key IS the id, which stays known in a preview of an in-place update (see Webhook).
    Object.assign(this, { subscriptionKey: this.id });
  }
}
