import * as pulumi from '@pulumi/pulumi';
import { userSubscriptionDeclaration } from '../declarations/user-subscription';
import { propsFor, type ArgsOf, type OutputPropertiesOf } from './declared';
import { providerFor } from './shim';
// One provider object per kind, the whole exports of its module; providerFor hands the SDK it or the compact one (./shim.ts).
import userSubscriptionProvider = require('./providers/user-subscription');

export type UserSubscriptionArgs = ArgsOf<typeof userSubscriptionDeclaration>;

/** One organizer's subscription to a webhook. Events flow when it and the webhook are both ACTIVE. */
export class UserSubscription extends pulumi.dynamic.Resource {
  constructor(name: string, args: UserSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor('userSubscription', userSubscriptionProvider), name, propsFor(userSubscriptionDeclaration, args), opts, 'gotowebinar', 'UserSubscription');
    // The key IS the id, which stays known in a preview of an in-place update (see Webhook).
    Object.assign(this, { subscriptionKey: this.id });
  }
}

export interface UserSubscription extends OutputPropertiesOf<typeof userSubscriptionDeclaration> {}
