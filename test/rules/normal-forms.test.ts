/**
 * Issue 25, as properties of the rules rather than rows: what the one date rule accepts is read by JavaScript as
 * the instant written (the runtime compares validFrom with `Date.parse`), and never before 1970, in any of the
 * written forms; what the callback URL rule accepts has one stored form (`canonicalCallbackUrl`: the parsed form when
 * the text holds non-ASCII characters), which is ASCII, a fixed point of the rule and the same callback as the text
 * written. Rows of both classes: refusals.test.ts.
 */
import { domainToUnicode } from 'node:url';
import {
  callbackBaseUrl,
  callbackUrl,
  canonicalCallbackBaseUrl,
  canonicalCallbackUrl,
  EARLIEST_DATE_TIME,
  isoDateTime,
  keyValidFrom,
  parseIsoDateTime,
  sameCallbackUrl,
} from '../../provider/rules';
import { decodePunycode } from '../../provider/rules/punycode';

const DAY = 86_400_000;

/** A small deterministic generator (the cases are the same at every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `ms` to the whole minute, the whole second, or as it is, chosen by `pick` (rounded down, before 1970 too). */
const rounded = (ms: number, pick: () => number) => {
  const unit = [60_000, 1000, 1][Math.floor(pick() * 3)]!;
  return Math.floor(ms / unit) * unit;
};

/** `ms` written in one of the accepted forms, chosen by `pick`: zone, offset, seconds, fraction, case. */
function written(ms: number, pick: () => number): string {
  const offsetMinutes = [0, 0, 60, -300, 330, 23 * 60 + 59, -(23 * 60 + 59), 45][Math.floor(pick() * 8)]!;
  const wall = new Date(ms + offsetMinutes * 60_000);
  const [date, time] = wall.toISOString().split('T') as [string, string];
  const [hhmm, seconds] = [time.slice(0, 5), time.slice(5, 8)];
  const millis = time.slice(9, 12);
  const withSeconds = millis !== '000' || seconds !== ':00' || pick() < 0.7;
  const fraction = millis === '000' ? (pick() < 0.3 ? '.000000' : '') : `.${millis}${'0'.repeat(Math.floor(pick() * 7))}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${pad(Math.trunc(offsetMinutes / 60))}${pick() < 0.5 ? ':' : ''}${pad(offsetMinutes % 60)}`;
  const zone = offsetMinutes === 0 && pick() < 0.6 ? 'Z' : `${sign}${offset}`;
  const text = `${date}T${hhmm}${withSeconds ? `${seconds}${fraction}` : ''}${zone}`;
  return pick() < 0.2 ? text.toLowerCase() : text;
}

describe('the one date rule', () => {
  test('every form it accepts is read by Date.parse as the instant written (2,000 generated dates)', () => {
    const pick = random(25);
    const now = Date.now();
    for (let i = 0; i < 2000; i++) {
      // Whole minutes, whole seconds or milliseconds, anywhere from 1970 to the validFrom bound.
      const ms = Math.floor(pick() * (now + 366 * DAY - 1));
      const instant = rounded(ms, pick);
      const text = written(instant, pick);
      expect({ text, reason: keyValidFrom(text) }).toEqual({ text, reason: undefined });
      expect({ text, parsed: parseIsoDateTime(text), js: Date.parse(text) }).toEqual({ text, parsed: instant, js: instant });
    }
  });

  test('every date before 1970 is refused, in every form (1,000 generated dates)', () => {
    const pick = random(1969);
    const earliest = Date.parse('0000-01-02T00:00:00Z'); // written with any offset, still a four-digit year
    for (let i = 0; i < 1000; i++) {
      const ms = earliest + Math.floor(pick() * -earliest) - 1;
      const text = written(rounded(ms, pick), pick);
      expect({ text, reason: isoDateTime(text) }).toEqual({ text, reason: expect.stringMatching(/or later|real instant/) });
    }
  });

  test('the bound is the instant, not the text: 1970-01-01T00:00:00Z is the first accepted', () => {
    expect(Date.parse(EARLIEST_DATE_TIME)).toBe(0);
    expect(isoDateTime(EARLIEST_DATE_TIME)).toBeUndefined();
    expect(isoDateTime('1969-12-31T23:59:59.999Z')).toMatch(/or later/);
    expect(isoDateTime('1969-12-31T19:00:00-05:00')).toBeUndefined();
    expect(isoDateTime('1970-01-01T05:29:59.999+05:30')).toMatch(/\(1969-12-31T23:59:59\.999Z in UTC\)/);
  });

  test('digits past the millisecond are accepted only as zeros', () => {
    expect(isoDateTime('2026-01-01T00:00:00.123000000Z')).toBeUndefined();
    expect(isoDateTime('2026-01-01T00:00:00.1230000001Z')).toMatch(/ISO 8601/); // ten digits: not the form
    expect(isoDateTime('2026-01-01T00:00:00.123000001Z')).toMatch(/JavaScript keeps whole milliseconds, so it would read 2026-01-01T00:00:00\.123Z/);
  });

  test('a form JavaScript would read otherwise is refused, saying how JavaScript reads it', () => {
    const parse = jest.spyOn(Date, 'parse').mockReturnValue(Number.NaN);
    try {
      expect(isoDateTime('2026-01-01t00:00:00z')).toBe(
        'is read by JavaScript as no date at all, not as 2026-01-01T00:00:00.000Z: write it as "2026-01-01T00:00:00.000Z".',
      );
    } finally {
      parse.mockRestore();
    }
  });

  test('what is not a string or not the form gets the form message, naming the value', () => {
    for (const v of [null, 20260101, {}, '', '2026-01-01', '2026-01-01T00:00:00', '+002026-01-01T00:00:00Z', '2026-1-1T00:00:00Z']) {
      expect(isoDateTime(v)).toMatch(/^must be an ISO 8601 date-time with a time zone: .*, got /);
    }
  });
});

// ---- callback URLs ---------------------------------------------------------------------------------------------

/** Written forms that only look different from their parsed form, and that form. */
const LOOKS_DIFFERENT: Array<[written: string, stored: string]> = [
  ['https://b\u00fccher.example/x', 'https://xn--bcher-kva.example/x'],
  ['HTTPS://B\u00dcCHER.EXAMPLE/x', 'https://xn--bcher-kva.example/x'],
  ['https://bu\u0308cher.example/x', 'https://xn--bcher-kva.example/x'],
  ['https://stra\u00dfe.example/x', 'https://xn--strae-oqa.example/x'],
  ['https://\u0130stanbul.example/x', 'https://xn--istanbul-o0e.example/x'],
  ['https://\u4f8b\u3048.\u30c6\u30b9\u30c8/', 'https://xn--r8jz45g.xn--zckzah/'],
  ['https://\u0645\u062b\u0627\u0644.example/x', `https://${new URL('https://\u0645\u062b\u0627\u0644.example').hostname}/x`],
  ['https://\u2603.example', 'https://xn--n3h.example/'],
  ['https://b\u00fccher.xn--zckzah:443/x?q=\u00e4', 'https://xn--bcher-kva.xn--zckzah/x?q=%C3%A4'],
  ['https://hooks.example.com/\ud83d\ude00', 'https://hooks.example.com/%F0%9F%98%80'],
  ['Https://HOOKS.example.com:/x', 'https://hooks.example.com/x'],
  ['https://[0:0:0:0:0:ffff:7f00:1]/x', 'https://[::ffff:7f00:1]/x'],
  ['https://[::FFFF:127.0.0.1]:8443/x', 'https://[::ffff:7f00:1]:8443/x'],
  ['http://LocalHost:80/x', 'http://localhost/x'],
  ['https://hooks.example.com/x', 'https://hooks.example.com/x'],
];

const NON_ASCII = /[^\x00-\x7f]/;

describe('callback URLs that only look different', () => {
  test.each(LOOKS_DIFFERENT)('%s is accepted, the same callback as its parsed form %s', (text, parsed) => {
    expect(new URL(text).href).toBe(parsed);
    expect(callbackUrl(text)).toBeUndefined();
    expect(callbackUrl(parsed)).toBeUndefined();
    expect(sameCallbackUrl(text, parsed)).toBe(true);
  });

  test.each(LOOKS_DIFFERENT)('%s is stored in the parsed form when it holds non-ASCII characters, else as written', (text, parsed) => {
    const stored = canonicalCallbackUrl(text);
    expect(stored).toBe(NON_ASCII.test(text) ? parsed : text);
    expect(NON_ASCII.test(stored)).toBe(false); // what GoTo is sent is always what HTTP can carry
    // A fixed point: checking the stored form again accepts it and stores it as it is (no diff at the next preview).
    expect(callbackUrl(stored)).toBeUndefined();
    expect(canonicalCallbackUrl(stored)).toBe(stored);
  });

  test.each(LOOKS_DIFFERENT.filter(([text]) => !/[?]/.test(text)))('as a base, %s is accepted and stored without a trailing slash', (text, parsed) => {
    expect(callbackBaseUrl(text)).toBeUndefined();
    expect(canonicalCallbackBaseUrl(text)).toBe((NON_ASCII.test(text) ? parsed : text).replace(/\/+$/, ''));
    expect(callbackBaseUrl(canonicalCallbackBaseUrl(text))).toBeUndefined();
  });

  test('hosts the parser MAPPED to other characters stay refused, naming the form it reads', () => {
    for (const text of ['https://\uff48ooks.example.com/x', 'https://\ufb01le.example/x', 'https://a\u3002b.example/x', 'https://\u017fite.example/x', 'https://\u2460.example/x']) {
      expect(callbackUrl(text)).toMatch(/^is read by the URL parser as "https:\/\/[a-z0-9.-]+\/x", not as written/);
    }
  });

  test('a host ending in a dot is refused, naming the form without it', () => {
    expect(callbackUrl('https://b\u00fccher.example./x')).toMatch(/must not end its host with a dot \("xn--bcher-kva\.example\."\).*Write "https:\/\/xn--bcher-kva\.example\/x"\.$/);
    expect(callbackBaseUrl('http://127.0.0.1.:8788/goto')).toMatch(/read by the URL parser as "http:\/\/127\.0\.0\.1:8788\/goto"/);
  });
});

test.each(['bcher-kva', 'zca', 'n3h', 'r8jz45g', 'zckzah', 'istanbul-o0e', 'mgbh0fb', 'strae-oqa', 'p1ai', '80ak6aa92e', 'ls8h'])(
  'Punycode %s decodes as Node does',
  (label) => {
    expect(decodePunycode(label)).toBe(domainToUnicode(`xn--${label}`));
  },
);

test.each(['bad!', 'zz\u00e9', '99999999999'])('%s is not Punycode', (label) => {
  expect(decodePunycode(label)).toBeUndefined();
});
