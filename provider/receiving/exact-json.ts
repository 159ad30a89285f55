/**
 * A small strict JSON parser (RFC 8259) that keeps 64-bit integers exact.
 *
 * Why not JSON.parse: GoTo's keys (webinarKey, registrantKey, organizerKey, …) are 64-bit integers written as JSON
 * numbers, and JSON.parse rounds them to the nearest double (8250000000000000123 becomes 8250000000000000000). A
 * reviver cannot help: it receives the already-rounded number, and `context.source` (the literal's text) does not
 * exist on Node 20. So numbers are read here from their source text:
 *
 * - an integer literal beyond ±Number.MAX_SAFE_INTEGER becomes its decimal string, e.g. "8250000000000000123";
 * - an integer literal that is the value of a member whose name ends in "Key" (webinarKey, sessionKey, …) becomes
 *   its decimal string whatever its size, so that a key has one type (string) and not "string when large";
 * - every other number (fractions, exponents, small integers) is a JS number, as with JSON.parse.
 *
 * Strings are decoded by JSON.parse on their exact token, so escapes and contents are never altered: "123" stays
 * the string "123". Objects are like JSON.parse's (a "__proto__" member is an own property, never the prototype;
 * the last of duplicate names wins). Nesting deeper than MAX_DEPTH is refused instead of overflowing the stack.
 *
 * Not lossless-json, which does the number part: it throws on a duplicate member name where JSON.parse keeps the
 * last, overflows the stack on deep nesting (parseWebhookEvent is public and may be given an unverified body), and
 * needs a reviver for the …Key rule; a depth pre-scan and error mapping around it would save little of this file.
 */
import { WebhookPayloadError } from './errors';

/** Deeper nesting is refused: GoTo's events are flat, and recursion must not be a stack-overflow lever. */
export const MAX_DEPTH = 256;

/** A JSON value as this parser returns it (big and key integers are strings). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [name: string]: JsonValue };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;
const KEY_MEMBER = /Key$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Parses JSON text. @throws WebhookPayloadError (code INVALID_JSON) with the position of the first error */
export function parseJsonExact(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value(undefined, 0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail('unexpected text after the JSON value');
  return value;
}

/** Whether an integer literal's text is beyond what a JS number represents exactly. */
function isUnsafeInteger(literal: string): boolean {
  const magnitude = BigInt(literal.startsWith('-') ? literal.slice(1) : literal);
  return magnitude > MAX_SAFE;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    const found = this.pos < this.text.length ? JSON.stringify(this.text[this.pos]) : 'the end of the text';
    throw new WebhookPayloadError('INVALID_JSON', `Invalid JSON at position ${this.pos} (found ${found}): ${what}`);
  }

  skipWhitespace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  /** A value; `member` is the name of the object member it belongs to (undefined in arrays and at the top). */
  value(member: string | undefined, depth: number): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(member);
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail('expected a JSON value');
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private object(depth: number): { [name: string]: JsonValue } {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    const result: { [name: string]: JsonValue } = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a member name in double quotes');
      const name = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a member name");
      this.pos++;
      this.skipWhitespace();
      const value = this.value(name, depth);
      // A plain assignment of "__proto__" would set the prototype; JSON.parse makes an own property, so do we. Every
      // other name is assigned: defining each property costs several times more, on every member of every event.
      if (name === '__proto__') Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
      else result[name] = value;
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return result;
      if (next !== ',') {
        this.pos--;
        this.fail("expected ',' or '}' in an object");
      }
      this.skipWhitespace();
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    const result: JsonValue[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(undefined, depth));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return result;
      if (next !== ',') {
        this.pos--;
        this.fail("expected ',' or ']' in an array");
      }
      this.skipWhitespace();
    }
  }

  /**
   * Finds the closing quote by scanning (no regex backtracking on long strings). A string without a backslash is its
   * text as is (control characters were refused); one with escapes is decoded by JSON.parse, which checks them.
   */
  private string(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= t.length) {
        this.pos = start;
        this.fail('unterminated string');
      }
      const c = t.charCodeAt(i);
      if (c === 0x22) break; // closing "
      if (c < 0x20) {
        this.pos = i;
        this.fail('control character in a string (must be escaped)');
      }
      if (c === 0x5c) escaped = true;
      i += c === 0x5c ? 2 : 1; // a backslash escapes the next character; JSON.parse checks the escape itself
    }
    if (!escaped) {
      this.pos = i + 1;
      return t.slice(start + 1, i);
    }
    const token = t.slice(start, i + 1);
    let decoded: unknown;
    try {
      decoded = JSON.parse(token);
    } catch {
      decoded = undefined;
    }
    if (typeof decoded !== 'string') {
      this.pos = start;
      return this.fail('invalid escape sequence in a string');
    }
    this.pos = i + 1;
    return decoded;
  }

  private number(member: string | undefined): number | string {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.fail('invalid number');
    const literal = match[0];
    this.pos += literal.length;
    if (INTEGER.test(literal) && ((member !== undefined && KEY_MEMBER.test(member)) || isUnsafeInteger(literal))) {
      return literal;
    }
    return Number(literal);
  }
}
