/**
 * Every X-Webhook-Signature-Timestamp form GoTo could plausibly send (GoTo does not publish one): accepted when
 * authentic and fresh, refused as TIMESTAMP_OUTSIDE_TOLERANCE when stale, through verifyWebhookSignature and through
 * a real receiver over HTTP. The signature is over the header's exact text, never a re-formatted date: the
 * signatures here are computed with node:crypto directly, not with the package's signer.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  createWebhookReceiver,
  verifyWebhookSignature,
  type WebhookEventContext,
} from '../../provider/receiving';
import { isIsoDateTime, parseIsoDateTime, timestampToEpochMs } from '../../provider/rules';
import { listen, type Listening } from './listen';

const SECRET = 'timestamps-secret-Vb71xQ';
/** 2026-11-27T15:52:13Z */
const T = Date.UTC(2026, 10, 27, 15, 52, 13);
const TOLERANCE_MS = 300_000;

/** [form, header text, the instant it names]. */
const FORMS: Array<[string, string, number]> = [
  ['ISO, Z, milliseconds (the simulator)', '2026-11-27T15:52:13.123Z', T + 123],
  ['ISO, Z, no fraction', '2026-11-27T15:52:13Z', T],
  ['ISO, Z, no seconds', '2026-11-27T15:52Z', T - 13_000],
  ['ISO, Z, one fraction digit', '2026-11-27T15:52:13.1Z', T + 100],
  ['ISO, Z, microseconds', '2026-11-27T15:52:13.123456Z', T + 123],
  ['ISO, Z, nanoseconds', '2026-11-27T15:52:13.123456789Z', T + 123],
  ['ISO, lower-case t and z', '2026-11-27t15:52:13.123z', T + 123],
  ['ISO, +00:00', '2026-11-27T15:52:13+00:00', T],
  ['ISO, +00:00, milliseconds', '2026-11-27T15:52:13.123+00:00', T + 123],
  ['ISO, +0000', '2026-11-27T15:52:13+0000', T],
  ['ISO, +0000, milliseconds', '2026-11-27T15:52:13.123+0000', T + 123],
  ['ISO, -00:00', '2026-11-27T15:52:13-00:00', T],
  ['ISO, +01:00', '2026-11-27T16:52:13+01:00', T],
  ['ISO, +0100', '2026-11-27T16:52:13+0100', T],
  ['ISO, -05:00, milliseconds', '2026-11-27T10:52:13.123-05:00', T + 123],
  ['ISO, -0500', '2026-11-27T10:52:13-0500', T],
  ['ISO, +05:30, microseconds', '2026-11-27T21:22:13.123456+05:30', T + 123],
  ['ISO, -0330', '2026-11-27T12:22:13-0330', T],
  ['ISO, +14:00, the next day', '2026-11-28T05:52:13+14:00', T],
  ['ISO, -12:00, the day before', '2026-11-27T03:52:13-12:00', T],
  ['epoch seconds', String(T / 1000), T],
  ['epoch seconds with a fraction', `${T / 1000}.123`, T + 123],
  ['epoch milliseconds', String(T + 123), T + 123],
];

/** Authentic (signed with SECRET over the exact text) but not readable as a time. */
const GARBAGE: Array<[string, string]> = [
  ['a word', 'yesterday'],
  ['prose', 'March 7, 2026'],
  ['no zone', '2026-11-27T15:52:13'],
  ['no zone, milliseconds', '2026-11-27T15:52:13.123'],
  ['a date only', '2026-11-27'],
  ['a space before the zone', '2026-11-27T15:52:13 +00:00'],
  ['an offset of hours only', '2026-11-27T15:52:13+1'],
  ['a dot without digits', '2026-11-27T15:52:13.Z'],
  ['ten fraction digits', '2026-11-27T15:52:13.1234567890Z'],
  ['February 30', '2026-02-30T15:52:13Z'],
  ['February 29 of a common year', '2026-02-29T15:52:13Z'],
  ['month 13', '2026-13-27T15:52:13Z'],
  ['hour 24', '2026-11-27T24:00:00Z'],
  ['minute 60', '2026-11-27T15:60:13Z'],
  ['second 60', '2026-11-27T15:52:60Z'],
  ['offset hour 24', '2026-11-27T15:52:13+24:00'],
  ['offset minute 60', '2026-11-27T15:52:13+01:60'],
  ['a negative epoch', `-${T / 1000}`],
  ['an epoch with an exponent', '1.795794733e9'],
  ['a hex epoch', '0x6b0a1f2d'],
  ['17 digits', '17957947331230000'],
];

const BODY = '{"eventName":"registrant.added","eventKey":"ts","webinarKey":8250000000000000456}';

/** The signature GoTo sends, computed independently of the package: HMAC over `timestamp:body` as given. */
function gotoSignature(timestamp: string, body: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(`${timestamp}:${body}`, 'utf8').digest('base64');
}

function headersFor(timestamp: string, body = BODY): Record<string, string> {
  return { 'x-webhook-signature': gotoSignature(timestamp, body), 'x-webhook-signature-timestamp': timestamp };
}

function verifyAt(timestamp: string, nowMs: number) {
  return verifyWebhookSignature({ body: BODY, headers: headersFor(timestamp), secrets: SECRET, now: nowMs });
}

describe('reading the timestamp as a time', () => {
  test.each(FORMS)('%s: %s', (_form, text, instant) => {
    expect(timestampToEpochMs(text)).toBe(instant);
  });

  test.each(GARBAGE)('%s (%s) is unreadable', (_form, text) => {
    expect(timestampToEpochMs(text)).toBeUndefined();
  });

  test('the ISO forms agree with Date.parse wherever Date.parse reads them', () => {
    for (const [, text, instant] of FORMS) {
      if (!/T/i.test(text)) continue;
      expect(Date.parse(text.toUpperCase())).toBe(instant);
    }
  });
});

describe('verifyWebhookSignature, with an injected clock', () => {
  test.each(FORMS)('%s: fresh and authentic is accepted, with the exact text echoed', (_form, text, instant) => {
    for (const nowMs of [instant, instant + TOLERANCE_MS - 1000, instant - TOLERANCE_MS + 1000]) {
      expect(verifyAt(text, nowMs)).toEqual({ ok: true, secretIndex: 0, timestamp: text });
    }
  });

  test.each(FORMS)('%s: stale or too far ahead is TIMESTAMP_OUTSIDE_TOLERANCE', (_form, text, instant) => {
    expect(verifyAt(text, instant + TOLERANCE_MS + 1000)).toMatchObject({ ok: false, reason: 'TIMESTAMP_OUTSIDE_TOLERANCE' });
    expect(verifyAt(text, instant - TOLERANCE_MS - 1000)).toMatchObject({ ok: false, reason: 'TIMESTAMP_OUTSIDE_TOLERANCE' });
  });

  test.each(GARBAGE)('%s: authentic but unreadable is MALFORMED_TIMESTAMP, naming the forms read', (_form, text) => {
    const result = verifyAt(text, T);
    expect(result).toMatchObject({ ok: false, reason: 'MALFORMED_TIMESTAMP' });
    expect(!result.ok && result.message).toMatch(/ISO 8601 .*\+0000.* epoch seconds or milliseconds/);
    // With the age check off the timestamp is opaque, and any signed text is accepted.
    const unchecked = verifyWebhookSignature({ body: BODY, headers: headersFor(text), secrets: SECRET, toleranceSeconds: 0 });
    expect(unchecked.ok).toBe(true);
  });

  test.each(FORMS.filter(([, text, instant]) => text !== new Date(instant).toISOString()))(
    '%s: a signature over the re-formatted date does not verify (the text is what is signed)',
    (_form, text, instant) => {
      const reformatted = new Date(instant).toISOString();
      const headers = { 'x-webhook-signature': gotoSignature(reformatted, BODY), 'x-webhook-signature-timestamp': text };
      expect(verifyWebhookSignature({ body: BODY, headers, secrets: SECRET, now: instant })).toMatchObject({
        ok: false,
        reason: 'SIGNATURE_MISMATCH',
      });
    },
  );
});

describe('through a real receiver over HTTP', () => {
  let server: Listening;
  let clockMs = T;
  const contexts: WebhookEventContext[] = [];

  beforeAll(async () => {
    const receiver = createWebhookReceiver({
      secrets: SECRET,
      now: () => clockMs,
      onEvent: (_event, context) => void contexts.push(context),
    });
    server = await listen(receiver);
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    contexts.length = 0;
  });

  /** POSTs a fresh event (its own eventKey, so deduplication stays out of the way) stamped `timestamp`. */
  async function deliver(timestamp: string): Promise<{ status: number; error?: string }> {
    const body = `{"eventName":"registrant.added","eventKey":"${randomUUID()}","webinarKey":8250000000000000456}`;
    const response = await fetch(`${server.url}/goto/webhooks`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headersFor(timestamp, body) },
    });
    const answer = (await response.json()) as { error?: string };
    return { status: response.status, error: answer.error };
  }

  test.each(FORMS)('%s: fresh is answered 200 and handed over with the exact text', async (_form, text, instant) => {
    clockMs = instant + 1000;
    expect(await deliver(text)).toEqual({ status: 200 });
    expect(contexts.map((c) => c.timestamp)).toEqual([text]);
  });

  test.each(FORMS)('%s: stale is answered 401 TIMESTAMP_OUTSIDE_TOLERANCE', async (_form, text, instant) => {
    clockMs = instant + TOLERANCE_MS + 1000;
    expect(await deliver(text)).toEqual({ status: 401, error: 'TIMESTAMP_OUTSIDE_TOLERANCE' });
    expect(contexts).toHaveLength(0);
  });

  test.each(GARBAGE)('%s: answered 401 MALFORMED_TIMESTAMP', async (_form, text) => {
    clockMs = T;
    expect(await deliver(text)).toEqual({ status: 401, error: 'MALFORMED_TIMESTAMP' });
    expect(contexts).toHaveLength(0);
  });
});

describe('parseIsoDateTime / isIsoDateTime (the package\'s one ISO 8601 reading)', () => {
  test('leap days exist only in leap years', () => {
    expect(parseIsoDateTime('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseIsoDateTime('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDateTime('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  test('years 0000-0099 are not taken for 1900-1999', () => {
    expect(parseIsoDateTime('0001-01-01T00:00:00Z')).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(parseIsoDateTime('0099-12-31T23:59:59+0000')).toBe(Date.parse('0099-12-31T23:59:59Z'));
  });

  test('the last day of every month is accepted, the day after refused', () => {
    for (let month = 1; month <= 12; month++) {
      const last = new Date(Date.UTC(2026, month, 0)).getUTCDate();
      const mm = String(month).padStart(2, '0');
      expect(isIsoDateTime(`2026-${mm}-${last}T00:00:00Z`)).toBe(true);
      expect(isIsoDateTime(`2026-${mm}-${last + 1}T00:00:00Z`)).toBe(false);
    }
  });

  test('only strings are date-times', () => {
    for (const value of [undefined, null, T, new Date(T), ['2026-11-27T15:52:13Z'], {}]) {
      expect(isIsoDateTime(value)).toBe(false);
    }
    expect(isIsoDateTime('2026-11-27T15:52:13Z')).toBe(true);
  });
});
