/**
 * GoTo's keys (webhookKey, subscriptionKey) as inputs.
 */
import { hiddenCharacterReason } from './characters';
import type { Rule } from './rule';
import { show } from './show';

/** Longest key accepted: GoTo's are 19 digits; 200 leaves room for any other form without inviting abuse. */
const MAX_KEY_LENGTH = 200;

/**
 * What the URL parser reads as a dot segment (`.` or `..`, with any dot written `%2e` or `%2E`): a key goes into
 * a request path (`/webhooks/<key>`), where `..` would address the collection (`GET /G2W/rest/v2/`) instead of
 * the object, and `.` the path without it. Encoding the key does not help: `.` is a character URLs never encode.
 */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A GoTo key is an OPAQUE string: the published spec types it as a plain string and documents no form (today's are
 * 64-bit decimals, but nothing promises it). Only what cannot be a key is refused: empty, too long, whitespace,
 * control or invisible characters (it goes into URL paths and logs, and two keys that look the same must be the
 * same), and a dot segment, which in a path names another resource.
 */
export const gotoKey: Rule = (v) => {
  if (typeof v !== 'string') return `must be a GoTo key (a string, as GoTo returns it), got ${show(v)}.`;
  if (v === '') return 'must not be empty.';
  if (v.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters, got ${v.length}.`;
  const hidden = hiddenCharacterReason(v, { whitespace: true });
  if (hidden) return hidden;
  if (DOT_SEGMENT.test(v)) {
    return (
      `cannot be ${show(v)}: in a request path that means the current or parent folder, not an object. Give the ` +
      `key exactly as GoTo returned it (e.g. "8250000000000000123").`
    );
  }
  return undefined;
};
