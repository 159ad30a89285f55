/**
 * A signing key's inputs: its `rotation` trigger (also the stack's `callbackTokenRotation`, the same kind of
 * trigger for the callback path token) and its `validFrom`.
 */
import { hiddenCharacterReason } from './characters';
import { isoDateTime, parseIsoDateTime } from './iso-date-time';
import type { Rule } from './rule';
import { show } from './show';

/**
 * Longest rotation text. It is a trigger, compared for equality only, and people write a date, a ticket id or a
 * short reason ("2026-01", "OPS-1234", "after the March leak"): 256 characters hold any of those, while the text
 * is kept in state and shown in every preview's diff, where a megabyte of it would bloat both and hide the change.
 */
export const MAX_ROTATION_LENGTH = 256;

/**
 * How far ahead a key's validFrom may be. GoTo keeps signing with the current key until the new key's validFrom,
 * so a far-off date (a typo such as 9999, or 2062 for 2026) makes a key that never takes over, and a rotation that
 * silently never happens. A rotation is planned days or weeks ahead; a year covers any schedule (even a yearly one).
 */
export const MAX_VALID_FROM_DAYS_AHEAD = 366;
const DAY_MS = 86_400_000;

/** A rotation trigger: a text to change whenever a new key (or token) is wanted. */
export const rotation: Rule = (v) => {
  if (typeof v !== 'string') return `must be a string, a text such as "2026-01" (change it to rotate), got ${show(v)}.`;
  if (v.trim() === '') {
    return 'must not be empty: write a non-empty text such as "2026-01" and change it to rotate, or leave it out.';
  }
  if (v.length > MAX_ROTATION_LENGTH) {
    return (
      `must be at most ${MAX_ROTATION_LENGTH} characters, got ${v.length}: it is only compared, so a date or a ` +
      `ticket id such as "2026-01" does.`
    );
  }
  return hiddenCharacterReason(v);
};

/**
 * A key's validFrom, wherever it is read (the SecretKey resource's input, the stack file's `secretKey.validFrom`):
 * a date the one date rule accepts (`isoDateTime`: a real instant, from 1970 on, exactly as JavaScript reads it),
 * at most MAX_VALID_FROM_DAYS_AHEAD days from now. A date in the past is fine: the key signs at once.
 */
export const keyValidFrom: Rule = (v) => validFromReason(v, Date.now());

/** `keyValidFrom` as of the instant `nowMs` (for tests). */
export function validFromReason(v: unknown, nowMs: number): string | undefined {
  const date = isoDateTime(v);
  if (date !== undefined || typeof v !== 'string') return date;
  const ms = parseIsoDateTime(v)!;
  if (ms - nowMs > MAX_VALID_FROM_DAYS_AHEAD * DAY_MS) {
    return (
      `must be at most ${MAX_VALID_FROM_DAYS_AHEAD} days ahead, got ${show(v)}: GoTo signs with the current key ` +
      `until the new key's validFrom, so a later one would never take over. Write the date the rotation is ` +
      `planned for, e.g. "${new Date(nowMs + 30 * DAY_MS).toISOString().slice(0, 10)}T00:00:00Z", or leave it out ` +
      `for "now".`
    );
  }
  return undefined;
}
