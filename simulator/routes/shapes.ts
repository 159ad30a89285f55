/**
 * Wire representations. The published spec's names are the API's answer in both modes; sketch-compatible mode adds
 * the founding sketch's names next to them (webhookState, subscriptionKey, userKey) so a sketch-era client can read
 * them too, and answers single-object creates in the sketch's shape only.
 */
import type { SimContext } from '../context';
import type { SubscriptionRecord, WebhookRecord } from '../store';

export function webhookWire(ctx: SimContext, w: WebhookRecord): Record<string, unknown> {
  return {
    webhookKey: w.webhookKey,
    callbackUrl: w.callbackUrl,
    eventName: w.eventName,
    eventVersion: w.eventVersion,
    product: w.product,
    state: w.state,
    createTime: w.createTime,
    ...(ctx.mode === 'sketch-compatible' ? { webhookState: w.state } : {}),
  };
}

/** The sketch's Webhook (answer to a single-object POST /webhooks in sketch-compatible mode). */
export function webhookSketch(w: WebhookRecord): Record<string, unknown> {
  return {
    webhookKey: w.webhookKey,
    product: w.product,
    eventName: w.eventName,
    eventVersion: w.eventVersion,
    callbackUrl: w.callbackUrl,
    webhookState: w.state,
    createTime: w.createTime,
  };
}

/**
 * A subscription with the webhook's event fields and the derived activationState. callbackUrl is present only when
 * the subscription has its own (otherwise deliveries go to the webhook's callbackUrl).
 */
export function subscriptionWire(ctx: SimContext, s: SubscriptionRecord): Record<string, unknown> {
  const w = ctx.store.webhookOfSubscription(s);
  return {
    userSubscriptionKey: s.userSubscriptionKey,
    webhookKey: s.webhookKey,
    ...(s.callbackUrl !== undefined ? { callbackUrl: s.callbackUrl } : {}),
    eventName: w?.eventName,
    eventVersion: w?.eventVersion,
    product: w?.product ?? 'g2w',
    userSubscriptionState: s.userSubscriptionState,
    activationState: ctx.store.activationState(s),
    createTime: s.createTime,
    ...(ctx.mode === 'sketch-compatible' ? { subscriptionKey: s.userSubscriptionKey, userKey: s.userKey } : {}),
  };
}

/** The sketch's UserSubscription (answer to a single-object POST /userSubscriptions in sketch-compatible mode). */
export function subscriptionSketch(ctx: SimContext, s: SubscriptionRecord): Record<string, unknown> {
  return {
    subscriptionKey: s.userSubscriptionKey,
    userKey: s.userKey,
    webhookKey: s.webhookKey,
    ...(s.callbackUrl !== undefined ? { callbackUrl: s.callbackUrl } : {}),
    userSubscriptionState: s.userSubscriptionState,
    activationState: ctx.store.activationState(s),
    createTime: s.createTime,
  };
}
