/**
 * Organizer names: a resource's `organizer` input names a credentials profile (config
 * `gotowebinar:organizers.<name>` or `GOTOWEBINAR_ORGANIZER_<NAME>_*` variables).
 *
 * A name has one CANONICAL form, from which its environment variables are named: upper case, each run of "-" and
 * "_" one "_" (`alice`, `Alice` and `ALICE` are `ALICE`; `a-b`, `a_b` and `A--B` are `A_B`). Names with the same
 * canonical form read the same variables, so they are the same organizer: the stack refuses two of them.
 */
import type { Rule } from './rule';
import { show } from './show';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Names of what every object has (`constructor`, `toString`, `valueOf`, `__proto__`, …): looked up in the
 * `gotowebinar:organizers` object they find a function instead of a profile, and the run fails after check passed.
 */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export const organizerName: Rule = (v) => {
  if (typeof v !== 'string' || !NAME.test(v)) {
    return (
      `must name a credentials profile (letters, digits, "-" and "_", starting with a letter or digit, at most ` +
      `64), got ${show(v)}.`
    );
  }
  if (OBJECT_MEMBERS.has(v)) {
    return (
      `cannot be ${show(v)}, which every JavaScript object already has (so no profile could be read under it): ` +
      `choose another name, e.g. "${v}-profile".`
    );
  }
  return undefined;
};

/** The canonical form of a valid organizer name (see the module comment): `a-b`, `a_b` and `A--B` give `A_B`. */
export function canonicalOrganizerName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The prefix of the organizer's environment variables, e.g. `GOTOWEBINAR_ORGANIZER_A_B` (then `_ACCESS_TOKEN`, …). */
export function organizerEnvPrefix(name: string): string {
  return `GOTOWEBINAR_ORGANIZER_${canonicalOrganizerName(name)}`;
}
