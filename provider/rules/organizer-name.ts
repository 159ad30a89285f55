/**
 * Organizer names: a resource's `organizer` input names a credentials profile (config
 * `gotowebinar:organizers.<name>` or `GOTOWEBINAR_ORGANIZER_<NAME>_*` variables).
 */
import type { Rule } from './rule';
import { show } from './show';

export const organizerName: Rule = (v) =>
  typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v)
    ? undefined
    : `must name a credentials profile (letters, digits, "-" and "_"), got ${show(v)}.`;
