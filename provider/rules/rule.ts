/**
 * A rule says why a value is not acceptable, or nothing when it is. Rules are plain functions with no I/O, shared
 * by every place that checks a value before it is used: a resource's check, the stack's config, the client.
 */
import { show } from './show';

/** Returns why `value` is not acceptable (a sentence completing "<property> …"), or undefined when it is. */
export type Rule = (value: unknown) => string | undefined;

/** Whether `v` is one of `values` (an enum's list): narrows it to their type. */
export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return values.some((value) => value === v);
}

export const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    isOneOf(values, v)
      ? undefined
      : `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${show(v)}.`;

export const nonEmptyString: Rule = (v) =>
  typeof v !== 'string' ? `must be a string, got ${show(v)}.` : v.trim() === '' ? 'must not be empty.' : undefined;
