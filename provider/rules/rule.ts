/**
 * A rule says why a value is not acceptable, or nothing when it is. Rules are plain functions with no I/O, shared
 * by every place that checks a value before it is used: a resource's check, the stack's config, the client.
 */
import { show } from './show';

/** Returns why `value` is not acceptable (a sentence completing "<property> …"), or undefined when it is. */
export type Rule = (value: unknown) => string | undefined;

export const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${show(v)}.`;

export const nonEmptyString: Rule = (v) =>
  typeof v !== 'string' ? `must be a string, got ${show(v)}.` : v.trim() === '' ? 'must not be empty.' : undefined;
