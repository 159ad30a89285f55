/**
 * Event delivery: who receives an event, the body, the signature and the POST.
 *
 * Recipients: every ACTIVE webhook of the event's name (any client), and for each of its user subscriptions whose
 * activationState is ACTIVE one POST to the subscription's callbackUrl, or the webhook's when it has none.
 *
 * Signature (what two independent receivers agree GoTo does, see NOTES.md): with the client's secret key in force,
 *   X-Webhook-Signature           = base64(HMAC-SHA256(key = the secret's value string (UTF-8), timestamp + ":" + body))
 *   X-Webhook-Signature-Timestamp = timestamp (ISO 8601 with ms)
 * Computed with the package's own signer (provider/receiving/signature.ts), so what the simulator sends and what the
 * receiver checks cannot drift apart; the independent checks are in the tests (known answers made with openssl in
 * test/fixtures/receiving, node:crypto in test/simulator/delivery.test.ts). Without a key in force the POST is
 * unsigned (neither header).
 */
import { signWebhookPayload } from '../provider/receiving/signature';
import type { Delivery, EventName, FireEventRequest } from './types';
import type { SimContext } from './context';
import { badRequest } from './http-io';
import { outboundRequest } from './outbound';
import { stringifyWithInt64 } from './int64-json';
import { eventFields, newEventSubject } from './event-payloads';
import { EVENT_NAMES, isPlainObject, nestsDeeperThan } from './validation';

/** The X-Webhook-Signature of a delivery (the simulator's name for the package's signer, kept for its users). */
export const signEvent: (secretValue: string, timestamp: string, body: string) => string = signWebhookPayload;

/** Throws a 400 ApiError (also a plain Error for programmatic callers) when the request is malformed. */
function checkFireRequest(request: unknown): FireEventRequest {
  if (!isPlainObject(request)) throw badRequest('event must be a JSON object {eventName, payload?}');
  const unknown = Object.keys(request).filter((k) => k !== 'eventName' && k !== 'payload');
  if (unknown.length > 0) throw badRequest(`unknown field(s) ${unknown.join(', ')}; expected {eventName, payload?}`);
  const { eventName, payload } = request;
  if (typeof eventName !== 'string' || !(EVENT_NAMES as readonly string[]).includes(eventName)) {
    throw badRequest(`eventName must be one of ${EVENT_NAMES.join(', ')}`);
  }
  if (payload !== undefined && !isPlainObject(payload)) throw badRequest('payload must be a JSON object');
  if (payload !== undefined && nestsDeeperThan(payload, 32)) throw badRequest('payload nests deeper than 32 levels');
  return { eventName: eventName as EventName, ...(payload !== undefined ? { payload } : {}) };
}

export async function fireEvent(ctx: SimContext, raw: FireEventRequest): Promise<Delivery[]> {
  const request = checkFireRequest(raw);
  const timestamp = new Date().toISOString();
  const subject = newEventSubject(timestamp);

  const targets = ctx.store
    .allWebhooks()
    .filter((w) => w.eventName === request.eventName && w.state === 'ACTIVE')
    .flatMap((w) =>
      ctx.store
        .subscriptionsToWebhook(w.webhookKey)
        .filter((s) => ctx.store.activationState(s) === 'ACTIVE')
        .map((s) => ({ webhook: w, subscription: s, url: s.callbackUrl ?? w.callbackUrl })),
    );

  return Promise.all(
    targets.map(async ({ webhook, subscription, url }): Promise<Delivery> => {
      const fields = { ...eventFields(request.eventName, subject, ctx.tokens.user(subscription.userKey)), ...(request.payload ?? {}) };
      const body = stringifyWithInt64(fields);
      const key = ctx.store.secretKeyInForce(webhook.clientId, Date.now());
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      let signature: string | undefined;
      if (key) {
        signature = signEvent(key.value, timestamp, body);
        headers['X-Webhook-Signature'] = signature;
        headers['X-Webhook-Signature-Timestamp'] = timestamp;
      }
      const result = await outboundRequest(new URL(url), { method: 'POST', headers, body, timeoutMs: ctx.deliveryTimeoutMs });
      ctx.log(
        `delivery ${request.eventName} -> ${url} ${result.status ?? `failed (${result.error})`} ` +
          `${key ? `signed with key ${key.id}` : 'unsigned'} (webhook ${webhook.webhookKey}, subscription ${subscription.userSubscriptionKey})`,
      );
      return {
        url,
        webhookKey: webhook.webhookKey,
        userSubscriptionKey: subscription.userSubscriptionKey,
        ...(result.status !== undefined ? { status: result.status } : {}),
        ...(result.error !== undefined ? { error: result.error } : {}),
        signed: key !== undefined,
        body,
        timestamp,
        ...(signature !== undefined ? { signature, secretKeyId: key!.id } : {}),
      };
    }),
  );
}
