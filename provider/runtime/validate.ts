/**
 * Input validation for `check`: every failure names the property and says what to fix. A value that is not known
 * yet (during preview) passes: it is checked again when it is known.
 */
import type { Rule } from '../rules';

/** How the engine encodes a value not known during preview. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export interface CheckFailure {
  property: string;
  reason: string;
}

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
