/**
 * Reading plain objects without type assertions: the few typed helpers the rooms that may import the rules share
 * (receiving, the declarations, the runtime, the CLI). Not part of the published rules (index.ts does not export
 * them). The client has its own, as it imports no other room.
 */

/** Whether `v` is an object whose properties may be read by name (arrays too: what `typeof v === 'object'` says). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The own enumerable keys of `o`, typed as its keys (for objects written as literals, whose keys are all known). */
export function keysOf<T extends object>(o: T): (keyof T & string)[] {
  return Object.keys(o).filter((k): k is keyof T & string => Object.hasOwn(o, k));
}

/** A copy of `o` without its undefined values (the engine's encoding and JSON cannot carry them). */
export function withoutUndefined<T extends object>(o: T): T {
  const copy = { ...o };
  const entries: [string, unknown][] = Object.entries(copy);
  for (const [k, v] of entries) if (v === undefined) Reflect.deleteProperty(copy, k);
  return copy;
}
