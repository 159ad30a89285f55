/**
 * Input validation for `check`: every failure names the property and says what to fix. A value that is not known
 * yet (during preview) passes: it is checked again when it is known.
 */

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
    let value = news[property];
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
    if (property === '__provider' || property in schema) continue;
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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** GoTo accepts only https callbacks. http is let through for loopback hosts, which only the simulator can reach. */
export const callbackUrl: Rule = (v) => {
  const basic = nonEmptyString(v);
  if (basic) return basic;
  let url: URL;
  try {
    url = new URL(v as string);
  } catch {
    return `must be an absolute https URL, got ${show(v)}.`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return (
    `must be an https URL (GoTo refuses other schemes and validates it with a GET that must answer 200), got ` +
    `${show(v)}. Plain http is accepted only for loopback hosts, for the local simulator.`
  );
};

/** GoTo's keys are 64-bit integers written as decimal strings. */
export const gotoKey: Rule = (v) =>
  typeof v === 'string' && /^[0-9]{1,20}$/.test(v)
    ? undefined
    : `must be a GoTo key: a decimal number as a string, e.g. "8250000000000000123", got ${show(v)}.`;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const isoDateTime: Rule = (v) =>
  typeof v === 'string' && ISO_8601.test(v) && !Number.isNaN(Date.parse(v))
    ? undefined
    : `must be an ISO 8601 date-time with a time zone, e.g. "2026-12-01T00:00:00Z", got ${show(v)}.`;

export const profileName: Rule = (v) =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v)
    ? undefined
    : `must name a credentials profile (letters, digits, "-" and "_"), got ${show(v)}.`;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
