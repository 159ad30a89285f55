export { Webhook } from './webhook';
export type { WebhookArgs } from './webhook';
export { SecretKey } from './secret-key';
export type { SecretKeyArgs } from './secret-key';
export { UserSubscription } from './user-subscription';
export type { UserSubscriptionArgs } from './user-subscription';
