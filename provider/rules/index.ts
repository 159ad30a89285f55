/**
 * Shared rules: what the package accepts as a value, and how it reads values written in more than one form. Pure
 * functions, no I/O and no imports from other rooms, so receiving, the runtime, the resource declarations, the
 * stack and the simulator all apply the same rule. (One reads the clock: a key's validFrom is bounded from now.)
 * Messages echo user text only through show.ts.
 */
export type { Rule } from './rule';
export { oneOf, nonEmptyString } from './rule';
export {
  callbackUrl,
  callbackBaseUrl,
  sameCallbackUrl,
  canonicalCallbackUrl,
  canonicalCallbackBaseUrl,
  MAX_CALLBACK_URL_LENGTH,
  MAX_CALLBACK_BASE_URL_LENGTH,
} from './callback-url';
export { HIDDEN_CHARACTER, hiddenCharacterReason, codePoint } from './characters';
export { gotoKey } from './goto-key';
export { organizerName, canonicalOrganizerName, organizerEnvPrefix } from './organizer-name';
export { rotation, keyValidFrom, validFromReason, MAX_ROTATION_LENGTH, MAX_VALID_FROM_DAYS_AHEAD } from './secret-key';
export { ISO_8601_DATE_TIME, EARLIEST_DATE_TIME, parseIsoDateTime, isIsoDateTime, isoDateTime } from './iso-date-time';
export { timestampToEpochMs } from './timestamp';
export { LOOPBACK_HOSTS, isLoopbackHost } from './loopback';
export { show, showUrl, showName, isPlainName, MAX_SHOWN_CHARACTERS } from './show';
