/**
 * JSON text with 64-bit integer literals. GoTo's event keys (webinarKey, registrantKey, …) are Java longs written as
 * bare JSON numbers, larger than 2^53: JSON.stringify cannot produce them from JS numbers without losing digits,
 * so event bodies are written by hand here. A receiver that parses them with JSON.parse visibly corrupts them, which
 * is exactly what the simulator should expose.
 */

/** Fields whose all-digit string values are written as bare integer literals. (eventKey is a uuid, not one.) */
export const INT64_FIELDS: ReadonlySet<string> = new Set([
  'webinarKey',
  'registrantKey',
  'organizerKey',
  'accountKey',
  'webinarCreatorKey',
  'sessionKey',
  'recurrenceKey',
  'surveyKey',
  'questionKey',
  'attendeeKey',
  'userKey',
]);

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;

/**
 * Like JSON.stringify (compact), except: a bigint anywhere is a bare integer literal, and under an INT64_FIELDS name
 * a string of digits is a bare integer literal too (also inside arrays under that name).
 */
export function stringifyWithInt64(value: unknown): string {
  return write(value, false) ?? 'null';
}

function write(value: unknown, int64Field: boolean): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (int64Field && typeof value === 'string' && INTEGER_TEXT.test(value)) return value;
  if (Array.isArray(value)) return `[${value.map((v) => write(v, int64Field) ?? 'null').join(',')}]`;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const text = write(v, INT64_FIELDS.has(k));
      if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) as string | undefined;
}
