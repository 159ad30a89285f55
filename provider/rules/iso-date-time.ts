/**
 * ISO 8601 date-times with a zone: the package's one definition, for reading signature timestamps (timestamp.ts)
 * and the one date rule (`isoDateTime`) for dates a user configures, such as a secret key's validFrom. Plain code:
 * the receiver, the resources' checks and the stack use it without loading anything else.
 *
 * Accepted: `YYYY-MM-DDThh:mm`, optionally `:ss` and a fraction of 1 to 9 digits, then a zone: `Z`, or an offset
 * `±hh:mm` or `±hhmm` (`+00:00`, `+0000`, `-05:00`, `+0530`, …). `T` and `Z` may be lower case (RFC 3339, 5.6).
 * The year has exactly four digits: ISO's expanded years (`+002026`, `-000001`) and five-digit years are not read.
 *
 * Every field is range-checked (month 01-12, the day within its month, hour 00-23, minutes and seconds 00-59,
 * offset up to ±23:59): `Date.parse` alone accepts `2026-02-30` as March 2 and `24:00` as the next day.
 */
import { show } from './show';

/** The syntax (fields are range-checked by `parseIsoDateTime`). Groups: year, month, day, hour, minute, second, fraction, zone. */
export const ISO_8601_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The earliest instant the date rule accepts. GoTo, like JavaScript and every Unix clock, counts time from it: an
 * earlier date (year 0000, 0026 for 2026, 1900) is never what is meant.
 */
export const EARLIEST_DATE_TIME = '1970-01-01T00:00:00Z';
const EARLIEST_MS = 0;

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

type Reading = { ms: number; fraction: string; text: string } | { outOfRange: string };

/** Epoch milliseconds of an ISO 8601 date-time with a zone, or undefined when it is not one (see the module comment). */
export function parseIsoDateTime(text: string): number | undefined {
  const reading = read(text);
  return reading !== undefined && 'ms' in reading ? reading.ms : undefined;
}

/** Whether `value` is an ISO 8601 date-time with a zone that names a real instant. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDateTime(value) !== undefined;
}

/** The instant written, which field is out of range, or undefined when the syntax is not the accepted one. */
function read(text: unknown): Reading | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO_8601_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = ''] = match;
  const wallClock = utcMs(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (typeof wallClock === 'string') return { outOfRange: wallClock };
  const offsetMs = zoneOffsetMs(zone);
  if (offsetMs === undefined) return { outOfRange: `there is no offset ${zone} (offsets go from -23:59 to +23:59)` };
  return { ms: wallClock - offsetMs + fractionMs(fraction), fraction, text };
}

/** The instant of a UTC wall-clock time, or which field is out of range (no rolling over). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number | string {
  if (month < 1 || month > 12) return `there is no month ${pad(month)}`;
  if (hour > 23) return `there is no hour ${pad(hour)} (hours go from 00 to 23: write 00 of the next day)`;
  if (minute > 59) return `there is no minute ${pad(minute)}`;
  if (second > 59) {
    return `there is no second ${pad(second)} (GoTo and JavaScript count no leap seconds: write :59, or 00 of the next minute)`;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are
  // The day is past the month's end (2026-02-30), or 00.
  if (day < 1 || date.getUTCMonth() !== month - 1) return `there is no day ${pad(day)} in ${pad(year, 4)}-${pad(month)}`;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

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

/**
 * THE date rule, for every date a user configures (a secret key's validFrom, in a resource's input and in the
 * stack file: see secret-key.ts for its upper bound). A date is accepted only when GoTo can mean it and JavaScript
 * represents it exactly, whatever the form it is written in:
 *
 * - the form above, with a four-digit year (no expanded `+002026`, no five-digit year) and a zone;
 * - every field in range (no February 30, no hour 24, no leap second `:60`, no offset beyond ±23:59);
 * - no more precise than a millisecond (digits after the third of the fraction must be zeros): JavaScript keeps
 *   milliseconds only, so `…00.0001Z` would be compared as `…00.000Z` while GoTo gets the rest too;
 * - at or after 1970-01-01T00:00:00Z, as an instant (an offset can move a date written in 1970 into 1969);
 * - read by JavaScript's `Date.parse` as the same instant (the runtime compares an old and a new date with it: a
 *   form it read otherwise would show a change, and so a new key, at every preview).
 */
export const isoDateTime = (v: unknown): string | undefined => {
  const reading = read(v);
  if (reading === undefined) {
    return (
      `must be an ISO 8601 date-time with a time zone: YYYY-MM-DDThh:mm[:ss[.sss]] with a four-digit year, then Z ` +
      `or an offset such as +01:00, e.g. "2026-12-01T00:00:00Z", got ${show(v)}.`
    );
  }
  if ('outOfRange' in reading) {
    return `must be an ISO 8601 date-time that names a real instant, got ${show(v)}: ${reading.outOfRange}.`;
  }
  const { ms, fraction, text } = reading;
  if (/[1-9]/.test(fraction.slice(3))) {
    return (
      `must be precise to the millisecond at most, got ${show(v)}: JavaScript keeps whole milliseconds, so it ` +
      `would read ${new Date(ms).toISOString()}, not the instant written. Write at most three digits after the seconds.`
    );
  }
  if (ms < EARLIEST_MS) {
    const utc = new Date(ms).toISOString();
    const inUtc = text.slice(0, 16).toUpperCase() === utc.slice(0, 16) ? '' : ` (${utc} in UTC)`;
    return (
      `must be ${EARLIEST_DATE_TIME} or later, got ${show(v)}${inUtc}: ` +
      `GoTo and JavaScript count time from 1970, so an earlier date cannot be meant (a typo such as 0026 for 2026?).`
    );
  }
  const parsed = Date.parse(text);
  if (parsed !== ms) {
    return (
      `is read by JavaScript as ${Number.isNaN(parsed) ? 'no date at all' : new Date(parsed).toISOString()}, not as ` +
      `${new Date(ms).toISOString()}: write it as ${show(new Date(ms).toISOString())}.`
    );
  }
  return undefined;
};
