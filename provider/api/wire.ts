/**
 * Translation between the client's model (resource-model names) and GoTo's wire format.
 *
 * Writers emit exactly what GoTo's published spec says (array bodies, `state`, `userSubscriptionKey`).
 * Readers are tolerant: they accept the published shapes and those of the founding sketch (the early,
 * unofficial outline of the API this project started from, which the simulator's sketch-compatible mode serves: a single object or
 * `_embedded` list, `state`/`webhookState`, `value`/`secretKey`, `userSubscriptionKey`/`subscriptionKey`),
 * and fail with a precise message when a required field is missing, instead of passing `undefined` along.
 */
import { DEFAULT_EVENT_VERSION, DEFAULT_PRODUCT } from './types';
import type {
  ActiveState,
  CreateUserSubscriptionArgs,
  CreateWebhookArgs,
  SecretKey,
  UpdateUserSubscriptionArgs,
  UpdateWebhookArgs,
  UserSubscription,
  Webhook,
} from './types';

export class WireShapeError extends Error {
  override readonly name = 'WireShapeError';
}

type Json = Record<string, unknown>;

// ---- writers -------------------------------------------------------------------------------------------------

export function createWebhookBody(args: CreateWebhookArgs): Json {
  return {
    callbackUrl: args.callbackUrl,
    eventName: args.eventName,
    eventVersion: args.eventVersion ?? DEFAULT_EVENT_VERSION,
    product: args.product ?? DEFAULT_PRODUCT,
  };
}

export function updateWebhookBody(args: UpdateWebhookArgs): Json {
  return dropUndefined({ webhookKey: args.webhookKey, callbackUrl: args.callbackUrl, state: args.webhookState });
}

export function createUserSubscriptionBody(args: CreateUserSubscriptionArgs): Json {
  return dropUndefined({
    webhookKey: args.webhookKey,
    callbackUrl: args.callbackUrl,
    userSubscriptionState: args.userSubscriptionState,
  });
}

export function updateUserSubscriptionBody(args: UpdateUserSubscriptionArgs): Json {
  return dropUndefined({
    webhookKey: args.webhookKey,
    userSubscriptionKey: args.subscriptionKey,
    callbackUrl: args.callbackUrl,
    userSubscriptionState: args.userSubscriptionState,
  });
}

/** A copy of `o` without its undefined values: the wire never carries them, and the model leaves them out. */
export function dropUndefined<T extends object>(o: T): T {
  const copy = { ...o };
  const entries: [string, unknown][] = Object.entries(copy);
  for (const [k, v] of entries) if (v === undefined) Reflect.deleteProperty(copy, k);
  return copy;
}

// ---- readers -------------------------------------------------------------------------------------------------

/** The items of a list answer: `{_embedded: {<name>: [...]}}`, a bare array, `{<name>: [...]}` or one object. */
export function readList(body: unknown, name: 'webhooks' | 'userSubscriptions'): unknown[] {
  if (body === undefined || body === null || body === '') return [];
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    const embedded = body._embedded;
    if (isObject(embedded)) {
      const list = embedded[name];
      if (Array.isArray(list)) return list;
      if (list === undefined) return [];
    }
    const named = body[name];
    if (Array.isArray(named)) return named;
    if (embedded === undefined) return [body]; // the sketch answers a single created object
  }
  throw new WireShapeError(`expected a list of ${name} (an "_embedded.${name}" array), got ${describe(body)}`);
}

export function readWebhook(raw: unknown): Webhook {
  const o = requireObject(raw, 'webhook');
  return dropUndefined<Webhook>({
    webhookKey: requireKey(o, ['webhookKey'], 'webhook'),
    callbackUrl: requireString(o, 'callbackUrl', 'webhook'),
    eventName: requireString(o, 'eventName', 'webhook'),
    eventVersion: optionalString(o, 'eventVersion') ?? DEFAULT_EVENT_VERSION,
    product: optionalString(o, 'product') ?? DEFAULT_PRODUCT,
    webhookState: readState(o, ['state', 'webhookState'], 'webhook') ?? 'INACTIVE',
    createTime: optionalString(o, 'createTime'),
  });
}

export function readUserSubscription(raw: unknown): UserSubscription {
  const o = requireObject(raw, 'user subscription');
  return dropUndefined<UserSubscription>({
    subscriptionKey: requireKey(o, ['userSubscriptionKey', 'subscriptionKey'], 'user subscription'),
    webhookKey: requireKey(o, ['webhookKey'], 'user subscription'),
    callbackUrl: optionalString(o, 'callbackUrl'),
    userSubscriptionState: readState(o, ['userSubscriptionState'], 'user subscription') ?? 'ACTIVE',
    activationState: readState(o, ['activationState'], 'user subscription'),
    eventName: optionalString(o, 'eventName'),
    eventVersion: optionalString(o, 'eventVersion'),
    product: optionalString(o, 'product'),
    createTime: optionalString(o, 'createTime'),
  });
}

export function readSecretKey(raw: unknown): SecretKey {
  const o = requireObject(raw, 'secret key');
  const value = optionalString(o, 'value') ?? optionalString(o, 'secretKey');
  if (value === undefined || value === '') throw new WireShapeError('secret key answer has no "value" (or "secretKey")');
  const id = o.id;
  return dropUndefined<SecretKey>({
    id: typeof id === 'number' || typeof id === 'string' ? String(id) : undefined,
    secretKey: value,
    validFrom: optionalString(o, 'validFrom'),
  });
}

// ---- helpers -------------------------------------------------------------------------------------------------

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireObject(v: unknown, what: string): Json {
  if (!isObject(v)) throw new WireShapeError(`expected a ${what} object, got ${describe(v)}`);
  return v;
}

/** Keys are strings on the wire, but a tolerant reader also takes a JSON number (and keeps it as text). */
function requireKey(o: Json, names: string[], what: string): string {
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  }
  throw new WireShapeError(`${what} has no "${names.join('" or "')}"`);
}

function requireString(o: Json, name: string, what: string): string {
  const v = o[name];
  if (typeof v !== 'string') throw new WireShapeError(`${what} has no string "${name}"`);
  return v;
}

function optionalString(o: Json, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' ? v : undefined;
}

function readState(o: Json, names: string[], what: string): ActiveState | undefined {
  for (const n of names) {
    const v = o[n];
    if (v === undefined || v === null) continue;
    if (v === 'ACTIVE' || v === 'INACTIVE') return v;
    throw new WireShapeError(`${what} has an unknown ${n} ${JSON.stringify(v)} (expected ACTIVE or INACTIVE)`);
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? `an object with keys [${Object.keys(v).slice(0, 8).join(', ')}]` : typeof v;
}
