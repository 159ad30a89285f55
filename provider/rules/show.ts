/**
 * User text in messages: messages reach logs and terminals, so what a user wrote is shown quoted and cut short.
 */

/** A value as a message shows it: strings quoted (and cut at 80 characters), other values by their kind. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** A URL for a message, with any user info (`user:password@`) masked. */
export function showUrl(v: string): string {
  return show(v.replace(/\/\/[^/?#]*@/, '//***@'));
}
