/**
 * `POST /_sim/seed` / `seed()`: puts objects with given keys into the store, in the shape `GET /_sim/state`
 * answers, e.g. the objects behind a stack state written elsewhere (the upgrade test), so a client's refresh,
 * update and delete of them can be tried. Checked here; the store does not validate.
 */
import type { SimulatorState } from './types';
import { badRequest } from './http-io';
import { isPlainObject } from './validation';

const STATES = ['ACTIVE', 'INACTIVE'];

function objects(body: Record<string, unknown>, field: keyof SimulatorState): Record<string, unknown>[] {
  const v = body[field] ?? [];
  if (!Array.isArray(v) || !v.every(isPlainObject)) throw badRequest(`${field} must be an array of objects`);
  return v as Record<string, unknown>[];
}

function requireStrings(o: Record<string, unknown>, what: string, fields: string[]): void {
  for (const f of fields) {
    if (typeof o[f] !== 'string' || o[f] === '') throw badRequest(`each of ${what} needs a non-empty string ${f}`);
  }
}

/** The objects to seed, checked: every key and owner present, states valid. Throws a 400 ApiError. */
export function checkSeed(body: unknown): SimulatorState {
  if (!isPlainObject(body)) throw badRequest('body must be a JSON object: {"webhooks"?, "userSubscriptions"?, "secretKeys"?}');
  const unknown = Object.keys(body).filter((k) => !['webhooks', 'userSubscriptions', 'secretKeys'].includes(k));
  if (unknown.length) throw badRequest(`unknown field(s) ${unknown.join(', ')}`);
  const webhooks = objects(body, 'webhooks');
  for (const w of webhooks) {
    requireStrings(w, 'webhooks', ['webhookKey', 'clientId', 'callbackUrl', 'eventName', 'eventVersion', 'createTime']);
    if (!STATES.includes(w.state as string)) throw badRequest('each of webhooks needs state ACTIVE or INACTIVE');
  }
  const subscriptions = objects(body, 'userSubscriptions');
  for (const s of subscriptions) {
    requireStrings(s, 'userSubscriptions', ['userSubscriptionKey', 'userKey', 'webhookKey', 'createTime']);
    if (!STATES.includes(s.userSubscriptionState as string)) throw badRequest('each of userSubscriptions needs userSubscriptionState');
  }
  const secretKeys = objects(body, 'secretKeys');
  for (const k of secretKeys) {
    requireStrings(k, 'secretKeys', ['clientId', 'value', 'validFrom', 'createTime']);
    if (!Number.isInteger(k.id)) throw badRequest('each of secretKeys needs an integer id');
  }
  return { webhooks, userSubscriptions: subscriptions, secretKeys } as unknown as SimulatorState;
}
