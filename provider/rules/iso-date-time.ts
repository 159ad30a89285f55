/**
 * ISO 8601 date-times with a zone: the package's one definition, for reading signature timestamps (timestamp.ts)
 * and for validating configured times such as a secret key's validFrom. Plain code: the receiver, the
 * resources' checks and the stack use it without loading anything else.
 *
 * Accepted: `YYYY-MM-DDThh:mm`, optionally `:ss` and a fraction of 1 to 9 digits, then a zone: `Z`, or an offset
 * `±hh:mm` or `±hhmm` (`+00:00`, `+0000`, `-05:00`, `+0530`, …). `T` and `Z` may be lower case (RFC 3339, 5.6).
 *
 * Every field is range-checked (month 01-12, the day within its month, hour 00-23, minutes and seconds 00-59,
 * offset up to ±23:59): `Date.parse` alone accepts `2026-02-30` as March 2 and `24:00` as the next day.
 */
import { show } from './show';

/** The syntax (fields are range-checked by `parseIsoDateTime`). Groups: year, month, day, hour, minute, second, fraction, zone. */
export const ISO_8601_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Epoch milliseconds of an ISO 8601 date-time with a zone, or undefined when it is not one (see the module comment). */
export function parseIsoDateTime(text: string): number | undefined {
  const match = typeof text === 'string' ? ISO_8601_DATE_TIME.exec(text) : null;
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = ''] = match;
  const wallClockMs = utcMs(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  const offsetMs = zoneOffsetMs(zone);
  if (wallClockMs === undefined || offsetMs === undefined) return undefined;
  return wallClockMs - offsetMs + fractionMs(fraction);
}

/** Whether `value` is an ISO 8601 date-time with a zone that names a real instant. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDateTime(value) !== undefined;
}

/** The instant of a UTC wall-clock time, or undefined when a field is out of range (no rolling over). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are
  if (date.getUTCMonth() !== month - 1) return undefined; // the day is past the month's end (2026-02-30)
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** `Z` is 0; `+01:00` is one hour ahead of UTC (so its instant is an hour earlier than the wall clock). */
function zoneOffsetMs(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const [, sign, hours, minutes] = OFFSET.exec(zone) ?? [];
  if (Number(hours) > 23 || Number(minutes) > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}

/** Whole milliseconds of a fraction of a second, from its digits: "5" is 500, "123456789" is 123 (truncated, as Date does). */
function fractionMs(digits: string): number {
  return Number(digits.slice(0, 3).padEnd(3, '0'));
}

/** The rule form, for inputs such as a secret key's validFrom. */
export const isoDateTime = (v: unknown): string | undefined =>
  isIsoDateTime(v)
    ? undefined
    : `must be an ISO 8601 date-time with a time zone, e.g. "2026-12-01T00:00:00Z", got ${show(v)}.`;
