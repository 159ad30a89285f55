import { MAX_DEPTH, parseJsonExact } from '../../provider/receiving/exact-json';
import {
  isKnownWebhookEvent,
  parseWebhookEvent,
  WebhookPayloadError,
  type RegistrantJoinedEvent,
  type UnknownWebhookEvent,
  type WebhookEvent,
} from '../../provider/receiving';

function payloadError(fn: () => unknown): WebhookPayloadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('expected a WebhookPayloadError');
}

describe('parseJsonExact: 64-bit integers', () => {
  test('integers beyond 2^53 come out as their exact decimal text', () => {
    expect(String(JSON.parse('8250000000000000123'))).not.toBe('8250000000000000123'); // the problem being solved
    expect(parseJsonExact('{"value":8250000000000000123}')).toEqual({ value: '8250000000000000123' });
    expect(parseJsonExact('[9223372036854775807,-9223372036854775808,18446744073709551615]')).toEqual([
      '9223372036854775807',
      '-9223372036854775808',
      '18446744073709551615',
    ]);
    expect(parseJsonExact('123456789012345678901234567890')).toBe('123456789012345678901234567890');
  });

  test('the boundary: MAX_SAFE_INTEGER stays a number, one more becomes a string', () => {
    expect(parseJsonExact('[9007199254740991,-9007199254740991,9007199254740992,-9007199254740992]')).toEqual([
      9007199254740991,
      -9007199254740991,
      '9007199254740992',
      '-9007199254740992',
    ]);
  });

  test('members named …Key are strings whatever their size; other small integers stay numbers', () => {
    expect(parseJsonExact('{"webinarKey":123,"sessionKey":0,"count":123,"keys":5,"monkey":7,"Key":9}')).toEqual({
      webinarKey: '123',
      sessionKey: '0',
      count: 123,
      keys: 5,
      monkey: 7,
      Key: '9',
    });
  });

  test('nested objects and arrays, at any depth', () => {
    const text =
      '{"a":[{"registrantKey":8250000000000000123,"n":[1,[2,[8250000000000000124]]]}],' +
      '"b":{"c":{"recurrenceKey":42,"d":[true,false,null]}}}';
    expect(parseJsonExact(text)).toEqual({
      a: [{ registrantKey: '8250000000000000123', n: [1, [2, ['8250000000000000124']]] }],
      b: { c: { recurrenceKey: '42', d: [true, false, null] } },
    });
  });

  test('an array under a …Key member keeps small numbers (only the member value itself is a key)', () => {
    expect(parseJsonExact('{"webinarKeys":[1,2],"webinarKey":[3]}')).toEqual({ webinarKeys: [1, 2], webinarKey: [3] });
  });

  test('negative, fractional and exponent numbers are ordinary numbers, as with JSON.parse', () => {
    const text = '[-1,-0,0,1.5,-2.25e3,1E2,1e-7,6.02e+23,1e400,8250000000000000123.5,8.250000000000000123e18]';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    expect(parseJsonExact('{"webinarKey":1.5,"sessionKey":1e3}')).toEqual({ webinarKey: 1.5, sessionKey: 1000 });
  });

  test('strings that look like numbers are untouched, and so are escapes and non-ASCII text', () => {
    const text =
      '{"title":"8250000000000000123","webinarKey":"8250000000000000123","quote":"say \\"9223372036854775807\\"",' +
      '"esc":"a\\\\b\\/c\\n\\t\\u00e9\\ud83c\\udf89","raw":"Zoë 日本語 🎉","empty":"","digits":"0012"}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  test('a number inside a string inside an array is not mistaken for a value', () => {
    expect(parseJsonExact('["[8250000000000000123]", 8250000000000000123]')).toEqual([
      '[8250000000000000123]',
      '8250000000000000123',
    ]);
  });

  test('whitespace everywhere JSON allows it', () => {
    expect(parseJsonExact(' \t\r\n{ "organizerKey" :\n 8250000000000000123 , "x" : [ 1 , 2 ] }\n')).toEqual({
      organizerKey: '8250000000000000123',
      x: [1, 2],
    });
  });

  test('objects behave like JSON.parse: "__proto__" is an own member, the last duplicate wins', () => {
    const parsed = parseJsonExact('{"__proto__":{"polluted":true},"a":1,"a":2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(parsed.a).toBe(2);
    expect(parsed).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1,"a":2}'));
  });

  test('every scalar and empty container at the top level', () => {
    for (const text of ['null', 'true', 'false', '0', '"s"', '[]', '{}', '[[]]', '{"a":{}}']) {
      expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    }
  });
});

describe('parseJsonExact: invalid JSON is refused with a position', () => {
  test.each([
    ['empty text', '', /position 0 .*expected a JSON value/],
    ['trailing comma in object', '{"a":1,}', /position 7 .*member name/],
    ['trailing comma in array', '[1,]', /position 3 .*expected a JSON value/],
    ['single quotes', "{'a':1}", /member name in double quotes/],
    ['unquoted name', '{a:1}', /member name in double quotes/],
    ['missing colon', '{"a" 1}', /expected ':'/],
    ['missing comma', '[1 2]', /expected ',' or '\]'/],
    ['unterminated string', '{"a":"abc', /unterminated string/],
    ['raw newline in a string', '"a\nb"', /control character/],
    ['bad escape', '"\\x41"', /invalid escape/],
    ['bad unicode escape', '"\\u12"', /invalid escape/],
    ['leading zero', '[0123]', /expected ',' or '\]'/],
    ['leading plus', '[+1]', /expected a JSON value/],
    ['bare minus', '[-]', /invalid number/],
    ['dot without digits', '[1.]', /expected ',' or '\]'/],
    ['exponent without digits', '[1e]', /expected ',' or '\]'/],
    ['hex', '[0x10]', /expected ',' or '\]'/],
    ['NaN', '[NaN]', /expected a JSON value/],
    ['Infinity', '[Infinity]', /expected a JSON value/],
    ['misspelt literal', '[tru]', /expected a JSON value/],
    ['literal with a tail', '[truex]', /expected ',' or '\]'/],
    ['two values', '{} {}', /unexpected text after the JSON value/],
    ['a big integer used as a member name', '{8250000000000000123:1}', /member name/],
    ['a comment', '{"a":1 /* no */}', /expected ',' or '}'/],
    ['a byte order mark in text', '\ufeff{}', /expected a JSON value/],
    ['unclosed array', '[1,2', /expected ',' or '\]'/],
    ['unclosed object', '{"a":1', /expected ',' or '}'/],
  ])('%s', (_name, text, message) => {
    expect(() => JSON.parse(text)).toThrow(); // the reference agrees it is invalid
    const error = payloadError(() => parseJsonExact(text));
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toMatch(/^Invalid JSON at position \d+/);
    expect(error.message).toMatch(message);
  });

  test('nesting deeper than MAX_DEPTH is refused instead of overflowing the stack', () => {
    expect(parseJsonExact('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH))).toBeDefined();
    expect(payloadError(() => parseJsonExact('['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1))).message).toMatch(
      /nested deeper than/,
    );
    expect(payloadError(() => parseJsonExact('[{"a":'.repeat(200_000))).code).toBe('INVALID_JSON');
  });

  test('a long string parses in reasonable time (no regex backtracking)', () => {
    const long = 'x\\"'.repeat(300_000);
    const started = Date.now();
    expect(parseJsonExact(`{"s":"${long}"}`)).toEqual({ s: 'x"'.repeat(300_000) });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseWebhookEvent', () => {
  const added =
    '{"eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w","eventKey":"5f0c6a52-0c8e-4c37-9a4b-3f1e2d7c9b10",' +
    '"timestamp":"2026-11-27T15:52:13.100Z","registrantKey":8250000000000000123,"webinarKey":8250000000000000456,' +
    '"webinarCreatorKey":7,"firstName":"Zoë","status":"Approved","responses":[{"question":"Q","answer":"8250000000000000123"}]}';

  test('gives a typed event with exact keys, from a string, a Buffer or a Uint8Array', () => {
    for (const body of [added, Buffer.from(added), new Uint8Array(Buffer.from(added))]) {
      const event = parseWebhookEvent(body);
      expect(event).toMatchObject({
        eventName: 'registrant.added',
        eventKey: '5f0c6a52-0c8e-4c37-9a4b-3f1e2d7c9b10',
        registrantKey: '8250000000000000123',
        webinarKey: '8250000000000000456',
        webinarCreatorKey: '7',
        firstName: 'Zoë',
        responses: [{ question: 'Q', answer: '8250000000000000123' }],
      });
    }
  });

  test('the known events\' union narrows on eventName', () => {
    const event: WebhookEvent = parseWebhookEvent(
      '{"eventName":"registrant.joined","sessionKey":8250000000000000999,"joinTime":"2026-11-27T16:00:00Z"}',
    );
    if (!isKnownWebhookEvent(event) || event.eventName !== 'registrant.joined') throw new Error('expected registrant.joined');
    const joined: RegistrantJoinedEvent = event; // compiles only because of the narrowing
    expect(joined.sessionKey).toBe('8250000000000000999');
  });

  test.each([
    ['an array', '[{"eventName":"webinar.created"}]', 'NOT_AN_EVENT'],
    ['a string', '"webinar.created"', 'NOT_AN_EVENT'],
    ['null', 'null', 'NOT_AN_EVENT'],
    ['no eventName', '{"webinarKey":1}', 'NOT_AN_EVENT'],
    ['a numeric eventName', '{"eventName":5}', 'NOT_AN_EVENT'],
    ['an empty eventName', '{"eventName":""}', 'NOT_AN_EVENT'],
    ['invalid JSON', '{"eventName":', 'INVALID_JSON'],
  ])('refuses %s', (_name, body, code) => {
    expect(payloadError(() => parseWebhookEvent(body)).code).toBe(code);
  });

  test('refuses bytes that are not UTF-8, instead of replacing them', () => {
    const bytes = Buffer.concat([Buffer.from('{"eventName":"webinar.created","t":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const error = payloadError(() => parseWebhookEvent(bytes));
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toMatch(/not valid UTF-8/);
  });

  test('a UTF-8 byte order mark before the bytes is tolerated', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"eventName":"webinar.changed"}')]);
    expect(parseWebhookEvent(bytes).eventName).toBe('webinar.changed');
  });

});

describe('parseWebhookEvent: event types this package does not know', () => {
  const ended =
    '{"eventName":"webinar.ended","eventVersion":"1.0.0","product":"g2w","eventKey":"e3b7c1d0-1111-4a2b-8c3d-9e8f7a6b5c4d",' +
    '"timestamp":"2026-11-27T17:00:00Z","webinarKey":8250000000000000456,"attendeeCount":42,' +
    '"sessions":[{"sessionKey":9223372036854775807,"ms":8250000000000000999}],"nested":{"organizerKey":7}}';

  test('give an UnknownWebhookEvent with the name, the common fields and every field', () => {
    const event = parseWebhookEvent(ended);
    expect(isKnownWebhookEvent(event)).toBe(false);
    expect(event).toEqual({
      eventName: 'webinar.ended',
      known: false,
      eventKey: 'e3b7c1d0-1111-4a2b-8c3d-9e8f7a6b5c4d',
      eventVersion: '1.0.0',
      product: 'g2w',
      timestamp: '2026-11-27T17:00:00Z',
      fields: expect.objectContaining({ eventName: 'webinar.ended', attendeeCount: 42 }),
    });
  });

  test('keep 64-bit keys and big integers exact, at any depth, as for known events', () => {
    const event = parseWebhookEvent(Buffer.from(ended));
    if (isKnownWebhookEvent(event)) throw new Error('expected an unknown event');
    const unknown: UnknownWebhookEvent = event; // compiles only because the guard narrowed it
    expect(unknown.fields.webinarKey).toBe('8250000000000000456');
    expect(unknown.fields.sessions).toEqual([{ sessionKey: '9223372036854775807', ms: '8250000000000000999' }]);
    expect(unknown.fields.nested).toEqual({ organizerKey: '7' });
  });

  test('common fields that are missing or not strings are left out, and stay in fields', () => {
    const event = parseWebhookEvent('{"eventName":"meeting.started","eventVersion":1,"timestamp":null}');
    expect(event).toEqual({
      eventName: 'meeting.started',
      known: false,
      fields: { eventName: 'meeting.started', eventVersion: 1, timestamp: null },
    });
  });

  test('the name is kept whole, however long', () => {
    const name = 'x'.repeat(10_000);
    expect(parseWebhookEvent(JSON.stringify({ eventName: name })).eventName).toBe(name);
  });

  test('the five known names are known events, not unknown ones', () => {
    for (const eventName of ['registrant.added', 'registrant.joined', 'webinar.created', 'webinar.changed', 'survey.submitted']) {
      const event = parseWebhookEvent(JSON.stringify({ eventName }));
      expect(isKnownWebhookEvent(event)).toBe(true);
      expect(event).not.toHaveProperty('known');
    }
    // Names are compared exactly: another spelling is an event type of its own.
    expect(isKnownWebhookEvent(parseWebhookEvent('{"eventName":"Registrant.Added"}'))).toBe(false);
  });
});
