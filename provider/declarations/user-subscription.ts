/**
 * UserSubscription: one organizer's subscription to a webhook. It belongs to the user whose token creates it, so
 * `organizer` decides whose it is, and changing it (or the webhook) replaces the subscription.
 */
import { STATES } from '../api/types';
import { callbackUrl, canonicalCallbackUrl, gotoKey, organizerName } from '../rules';
import { declareResource, oneOf, text } from './property';

export const userSubscriptionDeclaration = declareResource({
  name: 'UserSubscription',
  description: "One organizer's subscription to a webhook. Events flow when it and the webhook are both ACTIVE.",
  idProperty: 'subscriptionKey',
  properties: {
    webhookKey: text({
      presence: 'required',
      rule: gotoKey,
      replaceOnChanges: true,
      description: 'The webhook to subscribe to.',
    }),
    callbackUrl: text({
      presence: 'optional',
      rule: callbackUrl,
      normalize: canonicalCallbackUrl,
      description: "An https URL for this organizer's events; unset: the webhook's.",
    }),
    userSubscriptionState: oneOf(STATES, {
      presence: 'optional',
      enumName: 'ActiveState',
      default: 'ACTIVE',
      description: 'Events flow only while ACTIVE (and the webhook is ACTIVE).',
    }),
    subscriptionKey: text({
      presence: 'optional',
      rule: gotoKey,
      adopts: true,
      inOutputs: 'always',
      description: "GoTo's key of the subscription, also the resource id. Set it to adopt that existing subscription.",
    }),
    organizer: text({
      presence: 'optional',
      rule: organizerName,
      replaceOnChanges: true,
      description: 'Whose subscription it is: a credentials profile; unset: the default account.',
    }),
    activationState: oneOf(STATES, {
      presence: 'output',
      enumName: 'ActiveState',
      inOutputs: 'when set',
      description: 'ACTIVE only when the webhook and the subscription are both ACTIVE.',
    }),
    eventName: text({ presence: 'output', inOutputs: 'when set', description: "The webhook's event." }),
    eventVersion: text({ presence: 'output', inOutputs: 'when set', description: "The webhook's event version." }),
    product: text({ presence: 'output', inOutputs: 'when set', description: "The webhook's product." }),
    createTime: text({ presence: 'output', inOutputs: 'when set', description: 'When GoTo created the subscription.' }),
  },
});
