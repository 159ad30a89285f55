/**
 * /webhooks: create (array → 200 _embedded), update (array → 204), list (?product=g2w), get one, delete (array of
 * keys → 202). Every batch is validated completely (shape, then keys, then the callback GETs) before anything
 * changes, so a rejected batch changes nothing.
 */
import type { ApiRequest, Caller, SimContext } from '../context';
import type { ActiveState, EventName } from '../types';
import type { WebhookRecord } from '../store';
import type { Reply } from '../http-io';
import { badRequest, notFound } from '../http-io';
import { checkCallbackUrlSyntax, checkCallbacksAnswer } from '../callback-url';
import {
  EVENT_NAMES,
  EVENT_VERSIONS,
  PRODUCTS,
  checkEnum,
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
import { webhookSketch, webhookWire } from './shapes';
import { withinBatchLimit } from '../batch-limit';

const CREATE_FIELDS = ['callbackUrl', 'eventName', 'eventVersion', 'product'];
const UPDATE_FIELDS = ['webhookKey', 'callbackUrl', 'state'];
const IMMUTABLE_HINTS: Record<string, string> = {
  eventName: 'cannot be updated: create a new webhook',
  eventVersion: 'cannot be updated: create a new webhook',
  product: 'cannot be updated: create a new webhook',
};

/**
 * A webhook of the caller's client, or 404. With the notFoundAfterCreateMs fault, a webhook younger than that is
 * reported missing, imitating GoTo's eventual consistency right after POST /webhooks.
 */
export function visibleWebhook(ctx: SimContext, caller: Caller, key: string, eventuallyConsistent: boolean): WebhookRecord {
  const w = ctx.store.webhookOf(caller.clientId, key);
  if (!w) throw notFound(`Webhook ${key} not found`);
  const delay = ctx.faults.notFoundAfterCreateMs;
  if (eventuallyConsistent && delay > 0 && Date.now() - w.createdAtMs < delay) throw notFound(`Webhook ${key} not found`);
  return w;
}

export async function createWebhooks(ctx: SimContext, req: ApiRequest): Promise<Reply> {
  const body = requireBody(req.body, 'a JSON array of {callbackUrl, eventName, eventVersion, product}');
  const sketch = ctx.mode === 'sketch-compatible';
  // The sketch created one webhook from one object; the published API only takes arrays.
  const single = sketch && isPlainObject(body);
  const items = single ? [body] : withinBatchLimit(ctx, expectNonEmptyArray(body, 'webhooks {callbackUrl, eventName, eventVersion, product}'));
  const allowed = sketch ? [...CREATE_FIELDS, 'secretKey'] : CREATE_FIELDS;

  const parsed = items.map((raw, i) => {
    const where = single ? 'webhook' : `webhooks[${i}]`;
    const o = expectObject(raw, where);
    rejectUnknownFields(o, allowed, where);
    const callbackUrl = requiredString(o, 'callbackUrl', where);
    const eventName: EventName = checkEnum(requiredString(o, 'eventName', where), EVENT_NAMES, 'eventName', where);
    const eventVersion = checkEnum(requiredString(o, 'eventVersion', where), EVENT_VERSIONS, 'eventVersion', where);
    checkEnum(requiredString(o, 'product', where), PRODUCTS, 'product', where);
    if (sketch) optionalString(o, 'secretKey', where); // accepted for the sketch, type-checked, otherwise ignored
    checkCallbackUrlSyntax(callbackUrl, where, ctx.allowLoopbackHttp);
    return { callbackUrl, eventName, eventVersion };
  });

  await checkCallbacksAnswer(
    parsed.map((p) => p.callbackUrl),
    ctx.callbackTimeoutMs,
  );

  const created = parsed.map((p) => ctx.store.addWebhook(req.caller.clientId, p));
  if (single) return { status: 201, body: webhookSketch(created[0]!) };
  return { status: 200, body: { _embedded: { webhooks: created.map((w) => webhookWire(ctx, w)) } } };
}

interface WebhookUpdate {
  webhookKey: string;
  callbackUrl?: string;
  state?: ActiveState;
}

export async function updateWebhooks(ctx: SimContext, req: ApiRequest): Promise<Reply> {
  const body = requireBody(req.body, 'a JSON array of {webhookKey, callbackUrl?, state?}');
  const sketch = ctx.mode === 'sketch-compatible';
  const items = withinBatchLimit(ctx, expectNonEmptyArray(body, 'webhook updates {webhookKey, callbackUrl?, state?}'));
  const allowed = sketch ? [...UPDATE_FIELDS, 'webhookState'] : UPDATE_FIELDS;

  const updates: WebhookUpdate[] = items.map((raw, i) => {
    const where = `webhooks[${i}]`;
    const o = expectObject(raw, where);
    rejectUnknownFields(o, allowed, where, IMMUTABLE_HINTS);
    const webhookKey = requiredString(o, 'webhookKey', where);
    const callbackUrl = optionalString(o, 'callbackUrl', where);
    let state = optionalState(o, 'state', where);
    if (sketch) {
      const sketchState = optionalState(o, 'webhookState', where);
      if (state !== undefined && sketchState !== undefined && state !== sketchState) {
        throw badRequest(`${where}: state and webhookState disagree`);
      }
      state ??= sketchState;
    }
    if (callbackUrl === undefined && state === undefined) throw badRequest(`${where}: nothing to update: give callbackUrl and/or state`);
    if (callbackUrl !== undefined) checkCallbackUrlSyntax(callbackUrl, where, ctx.allowLoopbackHttp);
    return { webhookKey, callbackUrl, state };
  });

  for (const u of updates) visibleWebhook(ctx, req.caller, u.webhookKey, true);
  await checkCallbacksAnswer(
    updates.flatMap((u) => (u.callbackUrl !== undefined ? [u.callbackUrl] : [])),
    ctx.callbackTimeoutMs,
  );
  // Look the webhooks up again: one may have been deleted while the callback GETs were in flight.
  const targets = updates.map((u) => visibleWebhook(ctx, req.caller, u.webhookKey, true));
  updates.forEach((u, i) => {
    const w = targets[i]!;
    if (u.callbackUrl !== undefined) w.callbackUrl = u.callbackUrl;
    if (u.state !== undefined) w.state = u.state;
  });
  return { status: 204 };
}

export function listWebhooks(ctx: SimContext, req: ApiRequest): Reply {
  checkProductQuery(req.query);
  const webhooks = ctx.store.webhooksOf(req.caller.clientId).map((w) => webhookWire(ctx, w));
  return { status: 200, body: { _embedded: { webhooks } } };
}

export function getWebhook(ctx: SimContext, req: ApiRequest): Reply {
  return { status: 200, body: webhookWire(ctx, visibleWebhook(ctx, req.caller, req.params.webhookKey!, true)) };
}

export function deleteWebhooks(ctx: SimContext, req: ApiRequest): Reply {
  const keys = withinBatchLimit(ctx, expectKeyList(req.body, 'webhookKey'));
  for (const k of keys) visibleWebhook(ctx, req.caller, k, false);
  ctx.store.deleteWebhooks(keys);
  return { status: 202 };
}
