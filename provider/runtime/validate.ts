/**
 * Input validation for `check`: every failure names the property and says what to fix. A value that is not known
 * yet (during preview) passes: it is checked again when it is known.
 */
import { isIsoDateTime } from '../receiving/iso-date-time';
import { isLoopbackHost } from '../receiving/loopback';

/** How the engine encodes a value not known during preview. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Returns why `value` is not acceptable, or undefined when it is. Never called with undefined or UNKNOWN. */
export type Rule = (value: unknown) => string | undefined;

export interface Field {
  rule: Rule;
  required?: boolean;
  default?: string;
}

export type Schema = Record<string, Field>;

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/**
 * Validates `news` against `schema`, fills defaults, and refuses properties the schema does not know (a typo like
 * `callbackURL` would otherwise be silently ignored). `__provider` is the SDK's and passes through.
 */
export function checkAgainst(
  schema: Schema,
  news: Record<string, unknown>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [property, field] of Object.entries(schema)) {
    let value = Object.hasOwn(news, property) ? news[property] : undefined;
    if (value === undefined || value === null) {
      if (field.default !== undefined) value = field.default;
      else if (field.required) {
        failures.push({ property, reason: `${property} is required.` });
        continue;
      } else continue;
    }
    if (!isUnknown(value)) {
      const reason = field.rule(value);
      if (reason) failures.push({ property, reason: `${property} ${reason}` });
    }
    inputs[property] = value;
  }
  for (const property of Object.keys(news)) {
    // Own properties only: `in` would also see Object.prototype (`constructor`, `toString`, …).
    if (property === '__provider' || Object.hasOwn(schema, property)) continue;
    failures.push({
      property,
      reason: `${property} is not a property of this resource; expected one of: ${Object.keys(schema).join(', ')}.`,
    });
  }
  if ('__provider' in news) inputs.__provider = news.__provider;
  return { inputs, failures };
}

// ---- rules ---------------------------------------------------------------------------------------------------

export const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${show(v)}.`;

export const nonEmptyString: Rule = (v) =>
  typeof v !== 'string' ? `must be a string, got ${show(v)}.` : v.trim() === '' ? 'must not be empty.' : undefined;

/**
 * Longest callback URL accepted. GoTo documents no limit; 2048 characters is what browsers, proxies and servers
 * all handle, and ten times what a real callback needs, while a 10 KB URL would sit in state and every log.
 */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * GoTo accepts only https callbacks. http is let through for loopback hosts, which only the simulator can reach.
 * Refused too: credentials in the URL (they would sit in state and logs in clear), whitespace and control
 * characters (a newline in a URL is never meant and splits log lines), and absurd lengths.
 */
export const callbackUrl: Rule = (v) => {
  const basic = nonEmptyString(v);
  if (basic) return basic;
  const text = v as string;
  if (text.length > MAX_CALLBACK_URL_LENGTH) {
    return `must be at most ${MAX_CALLBACK_URL_LENGTH} characters, got ${text.length}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return `must not contain whitespace or control characters (a newline, a tab, …), got ${showUrl(text)}.`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute https URL, got ${showUrl(v as string)}.`;
  }
  if (url.username || url.password) {
    return (
      'must not carry credentials (user:password@host): they would be stored in the stack state and shown in ' +
      'logs. Authenticate deliveries with the signing key instead.'
    );
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return (
    `must be an https URL (GoTo refuses other schemes and validates it with a GET that must answer 200), got ` +
    `${showUrl(v as string)}. Plain http is accepted only for loopback hosts, for the local simulator.`
  );
};

/** Longest key accepted: GoTo's are 19 digits; 200 leaves room for any other form without inviting abuse. */
const MAX_KEY_LENGTH = 200;

/**
 * A GoTo key (webhookKey, userSubscriptionKey) is an OPAQUE string: the published spec types it as a plain string
 * and documents no form (today's are 64-bit decimals, but nothing promises it). Only what cannot be a key is
 * refused: empty, too long, or with whitespace or control characters (it goes into URL paths and logs).
 */
export const gotoKey: Rule = (v) => {
  if (typeof v !== 'string') return `must be a GoTo key (a string, as GoTo returns it), got ${show(v)}.`;
  if (v === '') return 'must not be empty.';
  if (v.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters, got ${v.length}.`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(v)) return `must not contain whitespace or control characters, got ${show(v)}.`;
  return undefined;
};

export const isoDateTime: Rule = (v) =>
  isIsoDateTime(v)
    ? undefined
    : `must be an ISO 8601 date-time with a time zone, e.g. "2026-12-01T00:00:00Z", got ${show(v)}.`;

export const profileName: Rule = (v) =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v)
    ? undefined
    : `must name a credentials profile (letters, digits, "-" and "_"), got ${show(v)}.`;

/** A URL for a message, with any user info (`user:password@`) masked: messages reach logs. */
function showUrl(v: string): string {
  return show(v.replace(/\/\/[^/?#]*@/, '//***@'));
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
