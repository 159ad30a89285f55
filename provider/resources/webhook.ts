import * as pulumi from '@pulumi/pulumi';
import { webhookDeclaration } from '../declarations/webhook';
import { propsFor, type ArgsOf, type OutputPropertiesOf } from './declared';
import { providerFor } from './shim';
// One provider object per kind, the whole exports of its module; providerFor hands the SDK it or the compact one (./shim.ts).
import webhookProvider = require('./providers/webhook');

/** Inputs of a Webhook, as a program declares them (see the README's table, or ../declarations/webhook.ts). */
export type WebhookArgs = ArgsOf<typeof webhookDeclaration>;

/** A GoToWebinar webhook of the OAuth application. */
export class Webhook extends pulumi.dynamic.Resource {
  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor('webhook', webhookProvider), name, propsFor(webhookDeclaration, args), opts, 'gotowebinar', 'Webhook');
    // The key IS the id. Unlike an output, the id stays known in a preview of an in-place update (the engine previews
    // a dynamic resource's update with its inputs as outputs), so dependents do not show false replacements.
    Object.assign(this, { webhookKey: this.id });
  }
}

// The class's output properties, from the declaration (declaration merging: an interface adds members to the class).
export interface Webhook extends OutputPropertiesOf<typeof webhookDeclaration> {}
