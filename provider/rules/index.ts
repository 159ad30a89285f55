/**
 * Shared rules: what the package accepts as a value, and how it reads values written in more than one form. Pure
 * functions, no I/O and no imports from other rooms, so receiving, the runtime, the resource declarations, the
 * stack and the simulator all apply the same rule.
 */
export type { Rule } from './rule';
export { oneOf, nonEmptyString } from './rule';
export { callbackUrl, sameCallbackUrl, MAX_CALLBACK_URL_LENGTH } from './callback-url';
export { gotoKey } from './goto-key';
export { organizerName } from './organizer-name';
export { ISO_8601_DATE_TIME, parseIsoDateTime, isIsoDateTime, isoDateTime } from './iso-date-time';
export { timestampToEpochMs } from './timestamp';
export { LOOPBACK_HOSTS, isLoopbackHost } from './loopback';
export { show, showUrl } from './show';
