/**
 * Whose token it is, on one line for a terminal or a pipeline's log, from what GoTo's token answer said: e.g.
 * `alice@example.com (Alice Organizer; organizer key 8250…101, account key 8250…900)`. The text comes from the
 * network, so control and invisible characters are replaced and it is cut at 200 characters.
 */
import type { AuthorizedUser } from '../api';
import { HIDDEN_CHARACTER } from '../rules';

/** Undefined when the answer named nobody (a static access token's user is never named). */
export function whoIs(u: AuthorizedUser | undefined): string | undefined {
  if (!u) return undefined;
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  const keys = [u.organizerKey && `organizer key ${u.organizerKey}`, u.accountKey && `account key ${u.accountKey}`].filter(Boolean).join(', ');
  const details = [name, keys].filter(Boolean).join('; ');
  const head = u.principal ?? u.email;
  if (!head && !details) return undefined;
  return oneLine(head ? `${head}${details ? ` (${details})` : ''}` : details);
}

/** Text from the network, on one line: no control or invisible characters, at most 200 characters. */
export function oneLine(text: string): string {
  const clean = text.replace(new RegExp(HIDDEN_CHARACTER.source, 'gu'), '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
