/**
 * /userSubscriptions: a subscription belongs to the user of the bearer token (there is no userKey in any request),
 * so another user's subscription answers 404 exactly like a missing one. Batches are all-or-nothing.
 * Sketch-compatible mode adds the sketch's single-object create, `subscriptionKey` alias and the per-key
 * PUT/DELETE /userSubscriptions/{key}.
 */
import type { ApiRequest, Caller, SimContext } from '../context';
import type { ActiveState } from '../types';
import type { SubscriptionRecord } from '../store';
import type { JsonObject } from '../validation';
import type { Reply } from '../http-io';
import { badRequest, notFound } from '../http-io';
import { checkCallbackUrlSyntax, checkCallbacksAnswer } from '../callback-url';
import {
  checkProductQuery,
  expectKeyList,
  expectNonEmptyArray,
  expectObject,
  isPlainObject,
  optionalState,
  optionalString,
  rejectUnknownFields,
  requireBody,
  requiredString,
} from '../validation';
import { visibleWebhook } from './webhooks';
import { subscriptionSketch, subscriptionWire } from './shapes';
import { withinBatchLimit } from '../batch-limit';

const CREATE_FIELDS = ['webhookKey', 'callbackUrl', 'userSubscriptionState'];
const UPDATE_FIELDS = ['webhookKey', 'userSubscriptionKey', 'callbackUrl', 'userSubscriptionState'];

function ownSubscription(ctx: SimContext, caller: Caller, key: string): SubscriptionRecord {
  const s = ctx.store.subscriptionOf(caller.userKey, key);
  if (!s) throw notFound(`User subscription ${key} not found`);
  return s;
}

export async function createSubscriptions(ctx: SimContext, req: ApiRequest): Promise<Reply> {
  const body = requireBody(req.body, 'a JSON array of {webhookKey, callbackUrl?, userSubscriptionState?}');
  const single = ctx.mode === 'sketch-compatible' && isPlainObject(body);
  const items = single
    ? [body]
    : withinBatchLimit(ctx, expectNonEmptyArray(body, 'user subscriptions {webhookKey, callbackUrl?, userSubscriptionState?}'));

  const parsed = items.map((raw, i) => {
    const where = single ? 'userSubscription' : `userSubscriptions[${i}]`;
    const o = expectObject(raw, where);
    rejectUnknownFields(o, CREATE_FIELDS, where);
    const webhookKey = requiredString(o, 'webhookKey', where);
    const callbackUrl = optionalString(o, 'callbackUrl', where);
    const userSubscriptionState: ActiveState = optionalState(o, 'userSubscriptionState', where) ?? 'ACTIVE';
    if (callbackUrl !== undefined) checkCallbackUrlSyntax(callbackUrl, where, ctx.allowLoopbackHttp);
    return { webhookKey, callbackUrl, userSubscriptionState };
  });

  for (const p of parsed) visibleWebhook(ctx, req.caller, p.webhookKey, false);
  await checkCallbacksAnswer(
    parsed.flatMap((p) => (p.callbackUrl !== undefined ? [p.callbackUrl] : [])),
    ctx.callbackTimeoutMs,
  );
  for (const p of parsed) visibleWebhook(ctx, req.caller, p.webhookKey, false); // still there after the GETs?

  const created = parsed.map((p) => ctx.store.addSubscription(req.caller.userKey, p));
  if (single) return { status: 201, body: subscriptionSketch(ctx, created[0]!) };
  return { status: 200, body: { _embedded: { userSubscriptions: created.map((s) => subscriptionWire(ctx, s)) } } };
}

interface SubscriptionUpdate {
  userSubscriptionKey: string;
  webhookKey?: string;
  callbackUrl?: string;
  userSubscriptionState?: ActiveState;
}

function parseUpdateFields(o: JsonObject, where: string, ctx: SimContext): Pick<SubscriptionUpdate, 'callbackUrl' | 'userSubscriptionState'> {
  const callbackUrl = optionalString(o, 'callbackUrl', where);
  const userSubscriptionState = optionalState(o, 'userSubscriptionState', where);
  if (callbackUrl === undefined && userSubscriptionState === undefined) {
    throw badRequest(`${where}: nothing to update: give callbackUrl and/or userSubscriptionState`);
  }
  if (callbackUrl !== undefined) checkCallbackUrlSyntax(callbackUrl, where, ctx.allowLoopbackHttp);
  return { callbackUrl, userSubscriptionState };
}

async function applyUpdates(ctx: SimContext, caller: Caller, updates: SubscriptionUpdate[]): Promise<void> {
  const resolve = (): SubscriptionRecord[] =>
    updates.map((u) => {
      const s = ownSubscription(ctx, caller, u.userSubscriptionKey);
      if (u.webhookKey !== undefined && s.webhookKey !== u.webhookKey) {
        throw notFound(`User subscription ${u.userSubscriptionKey} not found for webhook ${u.webhookKey}`);
      }
      return s;
    });
  resolve();
  await checkCallbacksAnswer(
    updates.flatMap((u) => (u.callbackUrl !== undefined ? [u.callbackUrl] : [])),
    ctx.callbackTimeoutMs,
  );
  const targets = resolve(); // again: one may have been deleted while the callback GETs were in flight
  updates.forEach((u, i) => {
    const s = targets[i]!;
    if (u.callbackUrl !== undefined) s.callbackUrl = u.callbackUrl;
    if (u.userSubscriptionState !== undefined) s.userSubscriptionState = u.userSubscriptionState;
  });
}

export async function updateSubscriptions(ctx: SimContext, req: ApiRequest): Promise<Reply> {
  const body = requireBody(req.body, 'a JSON array of {webhookKey, userSubscriptionKey, callbackUrl?, userSubscriptionState?}');
  const sketch = ctx.mode === 'sketch-compatible';
  const items = withinBatchLimit(
    ctx,
    expectNonEmptyArray(body, 'user subscription updates {webhookKey, userSubscriptionKey, callbackUrl?, userSubscriptionState?}'),
  );
  const allowed = sketch ? [...UPDATE_FIELDS, 'subscriptionKey'] : UPDATE_FIELDS;

  const updates: SubscriptionUpdate[] = items.map((raw, i) => {
    const where = `userSubscriptions[${i}]`;
    const o = expectObject(raw, where);
    rejectUnknownFields(o, allowed, where);
    const webhookKey = requiredString(o, 'webhookKey', where);
    let userSubscriptionKey = optionalString(o, 'userSubscriptionKey', where);
    if (sketch) {
      const alias = optionalString(o, 'subscriptionKey', where);
      if (userSubscriptionKey !== undefined && alias !== undefined && alias !== userSubscriptionKey) {
        throw badRequest(`${where}: userSubscriptionKey and subscriptionKey disagree`);
      }
      userSubscriptionKey ??= alias;
    }
    if (userSubscriptionKey === undefined) throw badRequest(`${where}: userSubscriptionKey is required`);
    return { webhookKey, userSubscriptionKey, ...parseUpdateFields(o, where, ctx) };
  });

  await applyUpdates(ctx, req.caller, updates);
  return { status: 204 };
}

/** Sketch-compatible only: PUT /userSubscriptions/{key} with {callbackUrl?, userSubscriptionState?} → 204. */
export async function updateSubscriptionByKey(ctx: SimContext, req: ApiRequest): Promise<Reply> {
  const body = requireBody(req.body, 'a JSON object {callbackUrl?, userSubscriptionState?}');
  const where = 'Request body';
  const o = expectObject(body, where);
  rejectUnknownFields(o, ['callbackUrl', 'userSubscriptionState'], where);
  await applyUpdates(ctx, req.caller, [{ userSubscriptionKey: req.params.key!, ...parseUpdateFields(o, where, ctx) }]);
  return { status: 204 };
}

export function listSubscriptions(ctx: SimContext, req: ApiRequest): Reply {
  checkProductQuery(req.query);
  const userSubscriptions = ctx.store.subscriptionsOf(req.caller.userKey).map((s) => subscriptionWire(ctx, s));
  return { status: 200, body: { _embedded: { userSubscriptions } } };
}

export function getSubscription(ctx: SimContext, req: ApiRequest): Reply {
  return { status: 200, body: subscriptionWire(ctx, ownSubscription(ctx, req.caller, req.params.key!)) };
}

export function deleteSubscriptions(ctx: SimContext, req: ApiRequest): Reply {
  const keys = withinBatchLimit(ctx, expectKeyList(req.body, 'userSubscriptionKey'));
  for (const k of keys) ownSubscription(ctx, req.caller, k);
  ctx.store.deleteSubscriptions(keys);
  return { status: 202 };
}

/** Sketch-compatible only: DELETE /userSubscriptions/{key} → 204. */
export function deleteSubscriptionByKey(ctx: SimContext, req: ApiRequest): Reply {
  ownSubscription(ctx, req.caller, req.params.key!);
  ctx.store.deleteSubscriptions([req.params.key!]);
  return { status: 204 };
}
