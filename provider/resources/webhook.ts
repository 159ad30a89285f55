import * as pulumi from '@pulumi/pulumi';
import type { ActiveState, EventName } from '../api/types';
import { webhookProvider } from './shim';

/** Inputs of a Webhook, as a program declares them. */
export interface WebhookArgs {
  /** registrant.added, registrant.joined, webinar.created, webinar.changed or survey.submitted. Replaces on change. */
  eventName: pulumi.Input<EventName>;
  /** https URL that GoTo posts events to; GoTo checks it with a GET that must answer 200. Updates in place. */
  callbackUrl: pulumi.Input<string>;
  /** Default "1.0.0" (the only version GoTo publishes). Replaces on change. */
  eventVersion?: pulumi.Input<string>;
  /** Default "g2w". Replaces on change. */
  product?: pulumi.Input<'g2w'>;
  /** Default ACTIVE. GoTo creates webhooks INACTIVE; the provider activates them. Updates in place. */
  webhookState?: pulumi.Input<ActiveState>;
  /** Adopt the existing webhook with this key instead of creating one (`pulumi import` cannot work for dynamic resources). */
  webhookKey?: pulumi.Input<string>;
  /** Credentials profile to use instead of the default account (see README, "Several organizers"). */
  organizer?: pulumi.Input<string>;
}

const outputsOnly = {
  eventVersion: undefined,
  product: undefined,
  webhookState: undefined,
  organizer: undefined,
  createTime: undefined,
};

/** A GoToWebinar webhook of the OAuth application. */
export class Webhook extends pulumi.dynamic.Resource {
  /** GoTo's key of the webhook (also the resource id). */
  declare readonly webhookKey: pulumi.Output<string>;
  declare readonly eventName: pulumi.Output<EventName>;
  declare readonly callbackUrl: pulumi.Output<string>;
  declare readonly eventVersion: pulumi.Output<string>;
  declare readonly product: pulumi.Output<string>;
  declare readonly webhookState: pulumi.Output<ActiveState>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly organizer: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of the props, or the SDK does not register it and it stays undefined at run time.
    const props = { ...outputsOnly, ...args, webhookKey: args.webhookKey };
    super(webhookProvider, name, props, opts, 'gotowebinar', 'Webhook');
    // The key IS the id. Unlike an output, the id stays known in a preview of an in-place update (the engine previews
    // a dynamic resource's update with its inputs as outputs), so dependents do not show false replacements.
    Object.assign(this, { webhookKey: this.id });
  }
}
