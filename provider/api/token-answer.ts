/**
 * Who a token answer of GoTo's token endpoint is for. GoTo documents the answer only in part (`principal`; older
 * answers also `organizer_key`, `account_key`, `email`, names), so every field is optional; none of them is secret.
 */
import { dropUndefined } from './wire';

/** Whose token it is, as far as the token answer says. */
export interface AuthorizedUser {
  /** GoTo's `principal`: the user's sign-in name, usually an email. */
  principal?: string;
  /** The user's organizer key (the same value as their userKey), as text: it is a 64-bit integer. */
  organizerKey?: string;
  accountKey?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** The user of a token answer: `body` parsed, `raw` its text (for 64-bit keys). */
export function authorizedUserOf(body: Record<string, unknown>, raw: string): AuthorizedUser {
  return dropUndefined<AuthorizedUser>({
    principal: text(body.principal),
    organizerKey: key(body, raw, 'organizer_key'),
    accountKey: key(body, raw, 'account_key'),
    email: text(body.email),
    firstName: text(body.firstName) ?? text(body.first_name),
    lastName: text(body.lastName) ?? text(body.last_name),
  });
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * A key as text. GoTo's keys are 64-bit integers; sent as a JSON number, JSON.parse rounds one above 2^53, so the
 * digits are read from the answer's text instead.
 */
function key(body: Record<string, unknown>, raw: string, field: string): string | undefined {
  const v = body[field];
  if (typeof v === 'string') return text(v);
  if (typeof v !== 'number') return undefined;
  const digits = new RegExp(`"${field}"\\s*:\\s*(-?\\d+)`).exec(raw);
  return digits?.[1] ?? String(v);
}
