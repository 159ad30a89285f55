/**
 * GoTo's keys (webhookKey, subscriptionKey) as inputs.
 */
import type { Rule } from './rule';
import { show } from './show';

/** Longest key accepted: GoTo's are 19 digits; 200 leaves room for any other form without inviting abuse. */
const MAX_KEY_LENGTH = 200;

/**
 * A GoTo key is an OPAQUE string: the published spec types it as a plain string and documents no form (today's are
 * 64-bit decimals, but nothing promises it). Only what cannot be a key is refused: empty, too long, or with
 * whitespace or control characters (it goes into URL paths and logs).
 */
export const gotoKey: Rule = (v) => {
  if (typeof v !== 'string') return `must be a GoTo key (a string, as GoTo returns it), got ${show(v)}.`;
  if (v === '') return 'must not be empty.';
  if (v.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters, got ${v.length}.`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(v)) return `must not contain whitespace or control characters, got ${show(v)}.`;
  return undefined;
};
