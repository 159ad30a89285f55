import {
  assertWebhookSignature,
  generateTestHeaders,
  verifyWebhookSignature,
  WebhookVerificationError,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from '../../provider/receiving';
import { signWebhookPayload } from '../../provider/receiving/signature';

import { expectNoSecrets } from '../support/no-secrets';
import { vectors } from './vectors';

const SECRET = 'whsec_9f2bA7c1D3e5F7g9H1j3K5m7N9p1Q3r5';
const OLD_SECRET = 'old-secret-Zq8vW2xY4';
const ALL_SECRETS = [SECRET, OLD_SECRET, ...vectors.map((v) => v.secret)];
const T0 = '2026-11-27T15:52:13.123Z';
const T0_MS = Date.parse(T0);
const BODY = '{"eventName":"registrant.added","eventKey":"k1","webinarKey":8250000000000000123}';

/** Every message produced in this file, scanned at the end for secrets and expected signatures. */
const messages: string[] = [];
function verify(options: VerifyWebhookSignatureOptions): WebhookVerificationResult {
  const result = verifyWebhookSignature(options);
  if (!result.ok) messages.push(result.message);
  return result;
}
function failureOf(options: VerifyWebhookSignatureOptions): string {
  const result = verify(options);
  if (result.ok) throw new Error('expected a failure');
  return result.reason;
}
function signed(body: string | Buffer = BODY, secret = SECRET, timestamp = T0) {
  return { body, headers: generateTestHeaders({ secret, body, timestamp }), secrets: SECRET, now: T0_MS };
}

describe('signWebhookPayload against openssl known answers', () => {
  test.each(vectors.map((v) => [v.name, v] as const))('%s: string body', (_name, v) => {
    expect(signWebhookPayload(v.secret, v.timestamp, v.body)).toBe(v.signature);
  });

  test.each(vectors.map((v) => [v.name, v] as const))('%s: Buffer and Uint8Array bodies', (_name, v) => {
    const bytes = Buffer.from(v.bodyBase64, 'base64');
    expect(signWebhookPayload(v.secret, v.timestamp, bytes)).toBe(v.signature);
    expect(signWebhookPayload(v.secret, v.timestamp, new Uint8Array(bytes))).toBe(v.signature);
  });

  test('the fixture bodies are the exact bytes (UTF-8 text and base64 agree)', () => {
    for (const v of vectors) expect(Buffer.from(v.body, 'utf8').equals(Buffer.from(v.bodyBase64, 'base64'))).toBe(true);
  });

  test('refuses arguments of the wrong type with a message saying what to pass', () => {
    expect(() => signWebhookPayload('', T0, BODY)).toThrow(/secret must be a non-empty string/);
    expect(() => signWebhookPayload(SECRET, '', BODY)).toThrow(/timestamp must be a non-empty string/);
    expect(() => signWebhookPayload(SECRET, T0, { a: 1 } as never)).toThrow(/JSON.stringify it once/);
  });
});

describe('verifyWebhookSignature with the known answers', () => {
  test.each(vectors.map((v) => [v.name, v] as const))('%s verifies as string and as bytes', (_name, v) => {
    const headers = { 'x-webhook-signature': v.signature, 'x-webhook-signature-timestamp': v.timestamp };
    for (const body of [v.body, Buffer.from(v.bodyBase64, 'base64')]) {
      expect(verify({ body, headers, secrets: v.secret, toleranceSeconds: 0 })).toEqual({
        ok: true,
        secretIndex: 0,
        timestamp: v.timestamp,
      });
    }
  });

  test('the UTF-8 vector fails when the body is re-encoded as latin1 (bytes are what is signed)', () => {
    const v = vectors.find((x) => x.name === 'utf8-non-ascii')!;
    const headers = { 'x-webhook-signature': v.signature, 'x-webhook-signature-timestamp': v.timestamp };
    const latin1 = Buffer.from(v.body, 'latin1');
    expect(failureOf({ body: latin1, headers, secrets: v.secret, toleranceSeconds: 0 })).toBe('SIGNATURE_MISMATCH');
  });

  test('the big-integer vector fails once the body went through JSON.parse/JSON.stringify', () => {
    const v = vectors.find((x) => x.name === 'big-integer')!;
    const headers = { 'x-webhook-signature': v.signature, 'x-webhook-signature-timestamp': v.timestamp };
    const roundTripped = JSON.stringify(JSON.parse(v.body));
    expect(roundTripped).not.toBe(v.body);
    expect(failureOf({ body: roundTripped, headers, secrets: v.secret, toleranceSeconds: 0 })).toBe('SIGNATURE_MISMATCH');
  });
});

describe('tampering', () => {
  test('a valid delivery passes', () => {
    expect(verify(signed())).toEqual({ ok: true, secretIndex: 0, timestamp: T0 });
  });

  test('a changed body, a changed timestamp, a changed signature all fail as SIGNATURE_MISMATCH', () => {
    const good = signed();
    expect(failureOf({ ...good, body: BODY.replace('123', '124') })).toBe('SIGNATURE_MISMATCH');
    expect(failureOf({ ...good, body: BODY + ' ' })).toBe('SIGNATURE_MISMATCH');
    const laterTs = '2026-11-27T15:52:13.124Z';
    expect(
      failureOf({ ...good, headers: { ...good.headers, 'x-webhook-signature-timestamp': laterTs } }),
    ).toBe('SIGNATURE_MISMATCH');
    const sig = good.headers['x-webhook-signature'];
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(failureOf({ ...good, headers: { ...good.headers, 'x-webhook-signature': flipped } })).toBe('SIGNATURE_MISMATCH');
  });

  test('a wrong secret fails', () => {
    expect(failureOf({ ...signed(), secrets: 'not-the-secret' })).toBe('SIGNATURE_MISMATCH');
  });

  test.each([
    ['too short', 'abc='],
    ['43+1 chars but 33 bytes worth', 'A'.repeat(44) + 'AAAA'],
    ['not base64', '!'.repeat(43) + '='],
    ['hex digest instead of base64', 'a'.repeat(64)],
    ['base64 of 31 bytes', Buffer.alloc(31).toString('base64')],
    ['base64 of 33 bytes', Buffer.alloc(33).toString('base64')],
    ['base64url alphabet', '-'.repeat(43) + '='],
    ['with a prefix', 'sha256=' + Buffer.alloc(32).toString('base64')],
  ])('MALFORMED_SIGNATURE: %s', (_name, value) => {
    const good = signed();
    expect(failureOf({ ...good, headers: { ...good.headers, 'x-webhook-signature': value } })).toBe('MALFORMED_SIGNATURE');
  });

  test('a signature without its "=" padding is still read', () => {
    const good = signed();
    const unpadded = good.headers['x-webhook-signature'].replace(/=$/, '');
    expect(verify({ ...good, headers: { ...good.headers, 'x-webhook-signature': unpadded } }).ok).toBe(true);
  });
});

describe('headers', () => {
  const good = signed();
  const sig = good.headers['x-webhook-signature'];
  const ts = good.headers['x-webhook-signature-timestamp'];

  test('missing headers are named', () => {
    expect(failureOf({ ...good, headers: { 'x-webhook-signature-timestamp': ts } })).toBe('MISSING_SIGNATURE_HEADER');
    expect(failureOf({ ...good, headers: { 'x-webhook-signature': sig } })).toBe('MISSING_TIMESTAMP_HEADER');
    expect(failureOf({ ...good, headers: {} })).toBe('MISSING_SIGNATURE_HEADER');
    expect(failureOf({ ...good, headers: { 'x-webhook-signature': '  ', 'x-webhook-signature-timestamp': ts } })).toBe(
      'MISSING_SIGNATURE_HEADER',
    );
  });

  test('any case in a plain object', () => {
    for (const headers of [
      { 'X-Webhook-Signature': sig, 'X-Webhook-Signature-Timestamp': ts },
      { 'X-WEBHOOK-SIGNATURE': sig, 'x-WebHook-signature-TIMESTAMP': ts },
    ]) {
      expect(verify({ ...good, headers }).ok).toBe(true);
    }
  });

  test('a Fetch Headers object', () => {
    const headers = new Headers({ 'X-Webhook-Signature': sig, 'X-Webhook-Signature-Timestamp': ts });
    expect(verify({ ...good, headers }).ok).toBe(true);
  });

  test('Node-style arrays: one value (or repeats of it) is fine, two different values are refused', () => {
    expect(verify({ ...good, headers: { 'x-webhook-signature': [sig], 'x-webhook-signature-timestamp': [ts, ts] } }).ok).toBe(
      true,
    );
    expect(
      failureOf({ ...good, headers: { 'x-webhook-signature': [sig, 'A'.repeat(43) + '='], 'x-webhook-signature-timestamp': ts } }),
    ).toBe('MALFORMED_SIGNATURE');
    expect(
      failureOf({ ...good, headers: { 'x-webhook-signature': sig, 'x-webhook-signature-timestamp': [ts, '1795794733'] } }),
    ).toBe('MALFORMED_TIMESTAMP');
    expect(failureOf({ ...good, headers: { 'x-webhook-signature': [], 'x-webhook-signature-timestamp': ts } })).toBe(
      'MISSING_SIGNATURE_HEADER',
    );
  });

  test('one rule for repeats, whether lines come as an array or joined with ", " (req.headers, Fetch Headers)', () => {
    const otherSig = 'A'.repeat(43) + '=';
    const fetchHeaders = (sigs: string[], tss: string[]) => {
      const headers = new Headers();
      for (const v of sigs) headers.append('X-Webhook-Signature', v);
      for (const v of tss) headers.append('X-Webhook-Signature-Timestamp', v);
      return headers;
    };
    for (const headers of [
      { 'x-webhook-signature': `${sig}, ${sig}`, 'x-webhook-signature-timestamp': `${ts}, ${ts}` },
      { 'x-webhook-signature': [`${sig}, ${sig}`, sig], 'x-webhook-signature-timestamp': ts },
      fetchHeaders([sig, sig], [ts, ts]),
    ]) {
      expect(verify({ ...good, headers }).ok).toBe(true);
    }
    for (const headers of [
      { 'x-webhook-signature': `${sig}, ${otherSig}`, 'x-webhook-signature-timestamp': ts },
      { 'x-webhook-signature': [sig, otherSig], 'x-webhook-signature-timestamp': ts },
      fetchHeaders([sig, otherSig], [ts]),
    ]) {
      expect(failureOf({ ...good, headers })).toBe('MALFORMED_SIGNATURE');
    }
    // Joined, two different timestamps are one opaque value (it may hold a comma itself), which nothing signed.
    expect(failureOf({ ...good, headers: fetchHeaders([sig], [ts, '1795794733']) })).toBe('SIGNATURE_MISMATCH');
    const twoTimestamps = { 'x-webhook-signature': sig, 'x-webhook-signature-timestamp': [ts, '1795794733'] };
    expect(failureOf({ ...good, headers: twoTimestamps })).toBe('MALFORMED_TIMESTAMP');
    expect(messages.at(-1)).toMatch(/several times with different values.*send it once/);
  });

  test('a timestamp containing a comma is one value, signed as is (an opaque HTTP-date)', () => {
    const httpDate = 'Fri, 27 Nov 2026 15:52:13 GMT';
    const result = verify({ ...signed(BODY, SECRET, httpDate), toleranceSeconds: 0 });
    expect(result).toMatchObject({ ok: true, timestamp: httpDate });
  });

  test('surrounding whitespace is ignored, as HTTP parsers do', () => {
    expect(verify({ ...good, headers: { 'x-webhook-signature': ` ${sig}\t`, 'x-webhook-signature-timestamp': ` ${ts} ` } }).ok).toBe(
      true,
    );
  });
});

describe('rotation: several secrets', () => {
  test('the old and the new secret are both accepted, and secretIndex says which one signed', () => {
    const secrets = [SECRET, OLD_SECRET];
    expect(verify({ ...signed(BODY, SECRET), secrets })).toMatchObject({ ok: true, secretIndex: 0 });
    expect(verify({ ...signed(BODY, OLD_SECRET), secrets })).toMatchObject({ ok: true, secretIndex: 1 });
    expect(verify({ ...signed(BODY, OLD_SECRET), secrets: [OLD_SECRET, SECRET] })).toMatchObject({ ok: true, secretIndex: 0 });
  });

  test('a signature from neither fails, and the message counts the secrets', () => {
    const result = verify({ ...signed(BODY, 'third'), secrets: [SECRET, OLD_SECRET] });
    expect(result).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
    expect(!result.ok && result.message).toMatch(/any of the 2 configured secrets/);
  });

  test('no usable secret: NO_SECRETS, naming the position of a bad entry', () => {
    const good = signed();
    expect(failureOf({ ...good, secrets: [] })).toBe('NO_SECRETS');
    expect(failureOf({ ...good, secrets: '' })).toBe('NO_SECRETS');
    expect(failureOf({ ...good, secrets: undefined as never })).toBe('NO_SECRETS');
    const result = verify({ ...good, secrets: [SECRET, undefined as never] });
    expect(result).toMatchObject({ ok: false, reason: 'NO_SECRETS' });
    expect(!result.ok && result.message).toMatch(/secrets\[1\] is not a non-empty string/);
  });
});

describe('tolerance, with an injected clock', () => {
  const good = signed(); // signed at T0

  test('fresh: within the default 300 s either way', () => {
    for (const delta of [0, 299_000, -299_000]) expect(verify({ ...good, now: T0_MS + delta }).ok).toBe(true);
  });

  test('stale: older than the tolerance', () => {
    const result = verify({ ...good, now: () => new Date(T0_MS + 301_000) });
    expect(result).toMatchObject({ ok: false, reason: 'TIMESTAMP_OUTSIDE_TOLERANCE' });
    expect(!result.ok && result.message).toMatch(/301 s in the past \(tolerance 300 s\)/);
  });

  test('future skew: newer than now by more than the tolerance', () => {
    const result = verify({ ...good, now: new Date(T0_MS - 400_000) });
    expect(result).toMatchObject({ ok: false, reason: 'TIMESTAMP_OUTSIDE_TOLERANCE' });
    expect(!result.ok && result.message).toMatch(/400 s in the future/);
  });

  test('a custom tolerance, and 0 or Infinity turning the check off', () => {
    expect(verify({ ...good, now: T0_MS + 20_000, toleranceSeconds: 10 }).ok).toBe(false);
    expect(verify({ ...good, now: T0_MS + 20_000, toleranceSeconds: 30 }).ok).toBe(true);
    expect(verify({ ...good, now: T0_MS + 1e12, toleranceSeconds: 0 }).ok).toBe(true);
    expect(verify({ ...good, now: T0_MS + 1e12, toleranceSeconds: Infinity }).ok).toBe(true);
  });

  test('epoch seconds and epoch milliseconds timestamps are read too', () => {
    for (const timestamp of [String(T0_MS / 1000 - 10), String(T0_MS - 10_000), '1795794733.123']) {
      expect(verify({ ...signed(BODY, SECRET, timestamp), now: T0_MS }).ok).toBe(true);
      expect(verify({ ...signed(BODY, SECRET, timestamp), now: T0_MS + 3_600_000 }).ok).toBe(false);
    }
  });

  test('ISO 8601 with an offset', () => {
    expect(verify({ ...signed(BODY, SECRET, '2026-11-27T16:52:13+01:00'), now: T0_MS }).ok).toBe(true);
  });

  test('an authentic but unreadable timestamp is MALFORMED_TIMESTAMP, unless the age check is off', () => {
    for (const timestamp of ['yesterday', '2026-11-27 15:52:13', '2026-11-27T15:52:13', 'March 7, 2026']) {
      expect(failureOf({ ...signed(BODY, SECRET, timestamp), now: T0_MS })).toBe('MALFORMED_TIMESTAMP');
      expect(verify({ ...signed(BODY, SECRET, timestamp), toleranceSeconds: 0 }).ok).toBe(true);
    }
  });

  test('the signature is checked before the age: a forged, stale request is a mismatch', () => {
    expect(failureOf({ ...signed(BODY, 'forger'), now: T0_MS + 1e9 })).toBe('SIGNATURE_MISMATCH');
  });

  test('the system clock is the default', () => {
    const body = '{}';
    expect(verify({ body, headers: generateTestHeaders({ secret: SECRET, body }), secrets: SECRET }).ok).toBe(true);
  });

  test('unusable tolerance or clock is INVALID_OPTIONS', () => {
    expect(failureOf({ ...good, toleranceSeconds: -1 })).toBe('INVALID_OPTIONS');
    expect(failureOf({ ...good, toleranceSeconds: NaN })).toBe('INVALID_OPTIONS');
    expect(failureOf({ ...good, toleranceSeconds: '300' as never })).toBe('INVALID_OPTIONS');
    expect(failureOf({ ...good, now: () => new Date('nope') })).toBe('INVALID_OPTIONS');
    expect(failureOf({ ...good, now: 'today' as never })).toBe('INVALID_OPTIONS');
  });
});

describe('the raw body is required', () => {
  test.each([
    ['a parsed object', JSON.parse(BODY)],
    ['an array', [1, 2]],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
  ])('BODY_NOT_RAW: %s', (_name, body) => {
    const result = verify({ ...signed(), body: body as never });
    expect(result).toMatchObject({ ok: false, reason: 'BODY_NOT_RAW' });
    expect(!result.ok && result.message).toMatch(/raw request body/);
  });
});

describe('hostile input never throws', () => {
  const huge = 'A'.repeat(5_000_000);
  const throwingGetter = Object.defineProperty({}, 'x-webhook-signature', {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
  const throwingProxy = new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
      ownKeys() {
        throw new Error('boom');
      },
    },
  );
  const inputs: unknown[] = [
    null,
    undefined,
    0,
    NaN,
    'a string',
    [],
    {},
    Symbol('s'),
    () => 1,
    { body: null, headers: null, secrets: null },
    { body: BODY, headers: 42, secrets: SECRET },
    { body: BODY, headers: 'x-webhook-signature: abc', secrets: SECRET },
    { body: BODY, headers: { 'x-webhook-signature': { toString: () => 'x' } }, secrets: SECRET },
    { body: BODY, headers: { 'x-webhook-signature': 12345, 'x-webhook-signature-timestamp': 1 }, secrets: SECRET },
    { body: BODY, headers: throwingGetter, secrets: SECRET },
    { body: BODY, headers: throwingProxy, secrets: SECRET },
    { body: BODY, headers: { get: () => { throw new Error('boom'); } }, secrets: SECRET },
    throwingProxy,
    { body: BODY, headers: signed().headers, secrets: throwingProxy },
    { body: BODY, headers: signed().headers, secrets: [SECRET, 42, {}] },
    { body: BODY, headers: signed().headers, secrets: SECRET, now: () => { throw new Error('clock'); } },
    { body: huge, headers: { 'x-webhook-signature': huge, 'x-webhook-signature-timestamp': huge }, secrets: SECRET },
    { body: huge, headers: signed().headers, secrets: SECRET },
    { body: BODY, headers: { 'x-webhook-signature': signed().headers['x-webhook-signature'], 'x-webhook-signature-timestamp': huge }, secrets: SECRET },
    { body: new Uint8Array(0), headers: { 'x-webhook-signature': '\u0000'.repeat(44), 'x-webhook-signature-timestamp': '\u0000' }, secrets: SECRET },
    { body: BODY, headers: Object.create(null), secrets: SECRET },
  ];

  test.each(inputs.map((input, i) => [i, input] as const))('input #%s gives a failure result', (_i, input) => {
    let result: WebhookVerificationResult | undefined;
    expect(() => {
      result = verify(input as VerifyWebhookSignatureOptions);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
    expect(typeof (result as { message?: unknown }).message).toBe('string');
    expect((result as { message: string }).message.length).toBeLessThan(400);
  });
});

describe('assertWebhookSignature', () => {
  test('returns the secret index and timestamp', () => {
    expect(assertWebhookSignature(signed())).toEqual({ secretIndex: 0, timestamp: T0 });
  });

  test('throws a WebhookVerificationError carrying the code', () => {
    let caught: unknown;
    try {
      assertWebhookSignature({ ...signed(), secrets: 'wrong' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WebhookVerificationError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as WebhookVerificationError).code).toBe('SIGNATURE_MISMATCH');
    expect((caught as WebhookVerificationError).name).toBe('WebhookVerificationError');
    expectNoSecrets(caught, [...ALL_SECRETS, signWebhookPayload('wrong', T0, BODY), signed().headers['x-webhook-signature']]);
    messages.push((caught as Error).message);
  });
});

describe('generateTestHeaders', () => {
  test('gives lower-case headers, an ISO timestamp by default, and Date timestamps as ISO', () => {
    const headers = generateTestHeaders({ secret: SECRET, body: BODY });
    expect(Object.keys(headers).sort()).toEqual(['x-webhook-signature', 'x-webhook-signature-timestamp']);
    expect(headers['x-webhook-signature-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(generateTestHeaders({ secret: SECRET, body: BODY, timestamp: new Date(T0_MS) })).toEqual(signed().headers);
  });

  test('matches an openssl vector', () => {
    const v = vectors[0]!;
    expect(generateTestHeaders({ secret: v.secret, body: v.body, timestamp: v.timestamp })).toEqual({
      'x-webhook-signature': v.signature,
      'x-webhook-signature-timestamp': v.timestamp,
    });
  });
});

// Last in the file, so it runs after every test above (Jest keeps declaration order within a file).
test('no message produced above contains a secret or an expected signature', () => {
  expect(messages.length).toBeGreaterThan(40);
  const forbidden = [...ALL_SECRETS];
  for (const secret of ALL_SECRETS) {
    forbidden.push(signWebhookPayload(secret, T0, BODY));
  }
  for (const message of messages) {
    for (const value of forbidden) expect(message).not.toContain(value);
  }
});
