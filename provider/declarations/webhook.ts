/**
 * Webhook: one GoTo webhook of the OAuth application. GoTo creates it INACTIVE; the provider activates it when ACTIVE
 * is wanted. `callbackUrl` and `webhookState` change in place; the event, version and product cannot be changed at
 * GoTo and replace the webhook.
 */
import { DEFAULT_EVENT_VERSION, DEFAULT_PRODUCT, EVENT_NAMES, EVENT_VERSIONS, PRODUCTS, STATES } from '../api/types';
import { callbackUrl, canonicalCallbackUrl, gotoKey, organizerName } from '../rules';
import { declareResource, oneOf, text } from './property';

export const webhookDeclaration = declareResource({
  name: 'Webhook',
  description: 'A GoToWebinar webhook of the OAuth application: GoTo posts one kind of event to its callback URL.',
  idProperty: 'webhookKey',
  properties: {
    eventName: oneOf(EVENT_NAMES, {
      presence: 'required',
      enumName: 'EventName',
      replaceOnChanges: true,
      description: 'The event GoTo delivers.',
    }),
    callbackUrl: text({
      presence: 'required',
      rule: callbackUrl,
      normalize: canonicalCallbackUrl,
      description: 'The https URL GoTo posts events to; GoTo checks it with a GET that must answer 200.',
    }),
    eventVersion: oneOf(EVENT_VERSIONS, {
      presence: 'optional',
      enumName: 'EventVersion',
      default: DEFAULT_EVENT_VERSION,
      replaceOnChanges: true,
      description: "The event's payload version (the only one GoTo publishes).",
    }),
    product: oneOf(PRODUCTS, {
      presence: 'optional',
      enumName: 'Product',
      default: DEFAULT_PRODUCT,
      replaceOnChanges: true,
      description: 'The GoTo product (GoToWebinar).',
    }),
    webhookState: oneOf(STATES, {
      presence: 'optional',
      enumName: 'ActiveState',
      default: 'ACTIVE',
      description: 'Events flow only while ACTIVE (and while a subscription to it is ACTIVE).',
    }),
    webhookKey: text({
      presence: 'optional',
      rule: gotoKey,
      adopts: true,
      inOutputs: 'always',
      description: "GoTo's key of the webhook, also the resource id. Set it to adopt that existing webhook instead of creating one.",
    }),
    organizer: text({
      presence: 'optional',
      rule: organizerName,
      description:
        'The credentials profile to use instead of the default account. Bookkeeping only: webhooks belong to the application.',
    }),
    createTime: text({ presence: 'output', inOutputs: 'when set', description: 'When GoTo created the webhook.' }),
  },
});
