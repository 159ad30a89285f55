/**
 * Request-body checks shared by the API routes. Strict on purpose: the point of the simulator is that a client
 * sending the wrong shape (the founding sketch's field names, a single object instead of an array, a number where
 * a string belongs) fails here the way it would fail against GoTo, with a message saying what was wrong.
 */
import type { ActiveState, EventName } from './types';
import { badRequest } from './http-io';

export const EVENT_NAMES: readonly EventName[] = [
  'registrant.added',
  'registrant.joined',
  'webinar.created',
  'webinar.changed',
  'survey.submitted',
];
export const EVENT_VERSIONS = ['1.0.0'] as const;
export const PRODUCTS = ['g2w'] as const;
export const STATES: readonly ActiveState[] = ['ACTIVE', 'INACTIVE'];

/** What to tell a client that used the founding sketch's names against the strict (published) API. */
const SKETCH_NAME_HINTS: Record<string, string> = {
  webhookState: 'the published API names it "state"',
  subscriptionKey: 'the published API names it "userSubscriptionKey"',
  secretKey: 'not part of the published request',
  userKey: 'a subscription belongs to the user of the bearer token; there is no userKey in the request',
};

export type JsonObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body is mandatory for every write operation of the published spec. */
export function requireBody(body: unknown, hint: string): unknown {
  if (body === undefined) throw badRequest(`Request body is required: ${hint}`);
  return body;
}

export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function expectNonEmptyArray(body: unknown, what: string): unknown[] {
  if (!Array.isArray(body)) throw badRequest(`Request body must be a JSON array of ${what}, got ${describeType(body)}`);
  if (body.length === 0) throw badRequest(`Request body must be a non-empty array of ${what}`);
  return body;
}

/** The body of the bulk DELETEs: a non-empty JSON array of non-empty key strings, e.g. `webhookKey`. */
export function expectKeyList(body: unknown, keyName: string): string[] {
  const items = expectNonEmptyArray(requireBody(body, `a JSON array of ${keyName} strings`), `${keyName} strings`);
  return items.map((k, i) => {
    if (typeof k !== 'string' || k === '') throw badRequest(`${keyName}s[${i}] must be a non-empty string`);
    return k;
  });
}

export function expectObject(v: unknown, where: string): JsonObject {
  if (!isPlainObject(v)) throw badRequest(`${where} must be a JSON object, got ${describeType(v)}`);
  return v;
}

export function rejectUnknownFields(
  obj: JsonObject,
  allowed: readonly string[],
  where: string,
  hints: Record<string, string> = {},
): void {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return;
  const hint = (k: string): string | undefined => hints[k] ?? SKETCH_NAME_HINTS[k];
  const described = unknown.map((k) => (hint(k) ? `${k} (${hint(k)})` : k));
  throw badRequest(`${where}: unknown field(s): ${described.join(', ')}; allowed: ${allowed.join(', ')}`);
}

export function requiredString(obj: JsonObject, field: string, where: string): string {
  if (!(field in obj)) throw badRequest(`${where}: ${field} is required`);
  return optionalString(obj, field, where)!;
}

/** undefined when absent; a present field must be a non-empty string (null is a wrong type, not "absent"). */
export function optionalString(obj: JsonObject, field: string, where: string): string | undefined {
  if (!(field in obj)) return undefined;
  const v = obj[field];
  if (typeof v !== 'string') throw badRequest(`${where}: ${field} must be a string, got ${describeType(v)}`);
  if (v.length === 0) throw badRequest(`${where}: ${field} must not be empty`);
  return v;
}

export function checkEnum<T extends string>(value: string, allowed: readonly T[], field: string, where: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`${where}: ${field} "${value}" is not supported; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function optionalState(obj: JsonObject, field: string, where: string): ActiveState | undefined {
  const v = optionalString(obj, field, where);
  return v === undefined ? undefined : checkEnum(v, STATES, field, where);
}

/**
 * ISO 8601 date-time with a time zone, e.g. 2019-07-01T22:00:00Z or 2019-07-01T22:00:00.000+02:00 (seconds and
 * fraction optional). A zone is required: a zone-less time would be ambiguous for "when does this key take over".
 */
export function parseIso8601(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(value);
  if (!m) return undefined;
  const [, , mo, d, h, mi, s] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59 || (s !== undefined && +s > 59)) return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(normalized);
  return Number.isNaN(t) ? undefined : t;
}

/** Required `?product=g2w` of the list operations. */
export function checkProductQuery(query: URLSearchParams): void {
  const product = query.get('product');
  if (product === null || product === '') throw badRequest('Query parameter product is required (product=g2w)');
  checkEnum(product, PRODUCTS, 'product', 'query');
}

/** True when `value` nests objects/arrays deeper than `max` levels (iterative, so it is safe on hostile input). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
