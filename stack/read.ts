/**
 * Reading structured config values: the runtime gives each key's value as text, structured values as JSON.
 */
import { show } from 'pulumi-gotowebinar/rules';
import { child, type Issues } from './issues';
import type { StackState } from './types';

/** Reads a structured value at top-level `path`. undefined when absent or invalid (then reported). */
export function readObject(
  config: Record<string, string>,
  path: string,
  issues: Issues,
  expected: string,
): Record<string, unknown> | undefined {
  const raw = config[issues.key(path)];
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    issues.add(path, `must be ${expected} (a YAML mapping in the stack file, or set with --path), got the text ${show(raw)}.`);
    return undefined;
  }
  if (!isPlainObject(value)) {
    issues.add(path, `must be ${expected}, got ${show(value)}.`);
    return undefined;
  }
  return value;
}

export function readState(value: unknown, path: string, issues: Issues): StackState | undefined {
  if (value === undefined) return undefined;
  if (value === 'ACTIVE' || value === 'INACTIVE') return value;
  issues.add(path, `must be ACTIVE or INACTIVE, got ${show(value)}.`);
  return undefined;
}

/** Reports each field of `obj` not in `allowed` (a misspelt field would otherwise be silently ignored). */
export function unknownFields(obj: Record<string, unknown>, allowed: string[], at: string, issues: Issues): void {
  for (const field of Object.keys(obj)) {
    if (!allowed.includes(field)) issues.add(child(at, field), `is not a known field; expected ${allowed.join(', ')}.`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
