/**
 * The table of signed deliveries every receiver must answer alike: Node's http receiver, the Fetch handler under
 * Node, workerd, Deno and Bun, and the Lambda handler (its test files each run `describeDeliveryTable` against their
 * place). Each row is a request (method, header lines, body, and whether the body is streamed without a
 * Content-Length) and the answer it must get (status, error code, duplicate flag). Rows run in order against one
 * receiver: the duplicate and the redelivery after `onEvent` threw depend on the rows before them. At the end, what
 * `onEvent` got must be the same list everywhere, keys exact.
 *
 * Signatures are made here, on the Node side, with the package's own test helper over the exact body sent.
 */
import { generateTestHeaders } from '../../provider/receiving';
import {
  FAIL_ONCE_PREFIX,
  TABLE_MAX_BODY_BYTES,
  TABLE_SECRETS,
  TABLE_T0,
  type RecordedCall,
} from './harness/table-harness';

export type HeaderLine = readonly [name: string, value: string];

export interface TableRequest {
  method: string;
  headers: HeaderLine[];
  body?: string;
  /** Sent as a stream without Content-Length (chunked), so the size limit is found while reading. */
  chunked?: boolean;
}

/** What the table compares of an answer. */
export interface TableAnswer {
  status: number;
  error?: string;
  duplicate?: true;
  /** The Allow header, compared on 405 only. */
  allow?: string;
  /** The answer's content type starts with application/json (HEAD answers have no body and are not compared). */
  json: boolean;
}

export interface TableRow {
  name: string;
  request: TableRequest;
  expected: TableAnswer;
  /** What onEvent records for this row, when it handles the event. */
  records?: Omit<RecordedCall, 'rawBodyBytes'>;
}

/** A place the table runs against: sends one request, and reads what onEvent recorded so far. */
export interface DeliveryPlace {
  send(request: TableRequest): Promise<TableAnswer>;
  calls(): Promise<RecordedCall[]>;
}

const [SECRET, NEXT_SECRET] = TABLE_SECRETS as [string, string];
const T0_MS = Date.parse(TABLE_T0);
const T = T0_MS - 123; // the whole second of T0

function registrantAdded(eventKey: string, registrantKey = '8250000000000000123'): string {
  // Written by hand: JSON.stringify cannot produce the 64-bit integers GoTo sends.
  return (
    `{"eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w","eventKey":"${eventKey}",` +
    `"timestamp":"${TABLE_T0}","registrantKey":${registrantKey},"webinarKey":8250000000000000456,` +
    '"webinarCreatorKey":9223372036854775807,"firstName":"Zoë","lastName":"Ångström","email":"zoe@example.com",' +
    '"status":"Approved","webinarTitle":"Receiving everywhere"}'
  );
}

function webinarEnded(eventKey: string): string {
  return (
    `{"eventName":"webinar.ended","eventVersion":"1.0.0","product":"g2w","eventKey":"${eventKey}",` +
    `"timestamp":"${TABLE_T0}","webinarKey":8250000000000000456,"attendees":42}`
  );
}

interface SignOptions {
  secret?: string;
  timestamp?: string;
}

/** The header lines GoTo sends with `body`, signed over exactly that text. */
function signed(body: string, { secret = SECRET, timestamp = TABLE_T0 }: SignOptions = {}): HeaderLine[] {
  const headers = generateTestHeaders({ secret, body, timestamp });
  return [['content-type', 'application/json'], ...Object.entries(headers)];
}

function post(body: string, sign: SignOptions = {}, more: Partial<TableRequest> = {}): TableRequest {
  return { method: 'POST', headers: signed(body, sign), body, ...more };
}

const ok: TableAnswer = { status: 200, json: true };
const duplicate: TableAnswer = { status: 200, duplicate: true, json: true };
const refused = (status: number, error: string): TableAnswer => ({ status, error, json: true });
const handled = (eventKey: string, secretIndex = 0, timestamp = TABLE_T0): TableRow['records'] => ({
  eventName: 'registrant.added',
  eventKey,
  secretIndex,
  timestamp,
  key: '8250000000000000123',
});

/** The header lines of `lines` with `name` replaced by `value` (or removed). */
function withHeader(lines: HeaderLine[], name: string, value: string | undefined): HeaderLine[] {
  const others = lines.filter(([n]) => n !== name);
  return value === undefined ? others : [...others, [name, value]];
}

function flipOneCharacter(signature: string): string {
  const i = 10;
  return signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1);
}

/** Timestamp forms accepted today (test/receiving/timestamps.test.ts has them all), each naming an instant near T0. */
const TIMESTAMP_FORMS: Array<[string, string]> = [
  ['ISO, Z, no fraction', '2026-11-27T15:52:13Z'],
  ['ISO, Z, no seconds', '2026-11-27T15:52Z'],
  ['ISO, Z, nanoseconds', '2026-11-27T15:52:13.123456789Z'],
  ['ISO, lower-case t and z', '2026-11-27t15:52:13.123z'],
  ['ISO, +00:00', '2026-11-27T15:52:13+00:00'],
  ['ISO, +0000', '2026-11-27T15:52:13+0000'],
  ['ISO, -05:00, milliseconds', '2026-11-27T10:52:13.123-05:00'],
  ['ISO, +05:30, microseconds', '2026-11-27T21:22:13.123456+05:30'],
  ['epoch seconds', String(T / 1000)],
  ['epoch seconds with a fraction', `${T / 1000}.123`],
  ['epoch milliseconds', String(T0_MS)],
];

function buildRows(): TableRow[] {
  const first = registrantAdded('first-secret');
  const firstSigned = signed(first);
  const signature = firstSigned.find(([n]) => n === 'x-webhook-signature')![1];
  const tampered = registrantAdded('tampered');
  const big = registrantAdded('oversized').replace('"Zoë"', JSON.stringify('x'.repeat(TABLE_MAX_BODY_BYTES)));
  // JSON allows trailing whitespace: an event padded to exactly the limit, which is inclusive.
  const atLimit = registrantAdded('at-the-limit');
  const padded = atLimit + ' '.repeat(TABLE_MAX_BODY_BYTES - Buffer.byteLength(atLimit));
  const twice = registrantAdded('signature-twice');
  const twiceSignature = signed(twice).find(([n]) => n === 'x-webhook-signature')![1];
  const otherSignature = signed(twice, { timestamp: '2026-11-27T15:52:14.000Z' }).find(([n]) => n === 'x-webhook-signature')![1];
  const failing = registrantAdded(`${FAIL_ONCE_PREFIX}1`);

  return [
    { name: "GoTo's validation GET", request: { method: 'GET', headers: [] }, expected: ok },
    { name: 'HEAD', request: { method: 'HEAD', headers: [] }, expected: { status: 200, json: false } },
    { name: 'wrong method: PUT', request: { method: 'PUT', headers: [], body: '{}' }, expected: { ...refused(405, 'METHOD_NOT_ALLOWED'), allow: 'GET, HEAD, POST' } },
    { name: 'wrong method: DELETE', request: { method: 'DELETE', headers: [] }, expected: { ...refused(405, 'METHOD_NOT_ALLOWED'), allow: 'GET, HEAD, POST' } },
    { name: 'valid, signed with the first secret', request: { method: 'POST', headers: firstSigned, body: first }, expected: ok, records: handled('first-secret') },
    {
      name: 'valid, signed with the second secret (rotation)',
      request: post(registrantAdded('second-secret'), { secret: NEXT_SECRET }),
      expected: ok,
      records: handled('second-secret', 1),
    },
    { name: 'duplicate eventKey (the first event again, signed anew)', request: post(first, { timestamp: '2026-11-27T15:52:14.000Z' }), expected: duplicate },
    { name: 'tampered body', request: { method: 'POST', headers: signed(tampered), body: tampered.replace('Zoë', 'Eve') }, expected: refused(401, 'SIGNATURE_MISMATCH') },
    {
      name: 'tampered signature',
      request: { method: 'POST', headers: withHeader(firstSigned, 'x-webhook-signature', flipOneCharacter(signature)), body: first },
      expected: refused(401, 'SIGNATURE_MISMATCH'),
    },
    { name: 'signed with a secret not configured', request: post(registrantAdded('unknown-secret'), { secret: 'not-a-configured-secret' }), expected: refused(401, 'SIGNATURE_MISMATCH') },
    {
      name: 'malformed signature',
      request: { method: 'POST', headers: withHeader(firstSigned, 'x-webhook-signature', 'not-base64!'), body: first },
      expected: refused(401, 'MALFORMED_SIGNATURE'),
    },
    {
      name: 'no signature header',
      request: { method: 'POST', headers: withHeader(firstSigned, 'x-webhook-signature', undefined), body: first },
      expected: refused(401, 'MISSING_SIGNATURE_HEADER'),
    },
    {
      name: 'no timestamp header',
      request: { method: 'POST', headers: withHeader(firstSigned, 'x-webhook-signature-timestamp', undefined), body: first },
      expected: refused(401, 'MISSING_TIMESTAMP_HEADER'),
    },
    { name: 'unsigned, not JSON', request: { method: 'POST', headers: [], body: '{"eventName":' }, expected: refused(401, 'MISSING_SIGNATURE_HEADER') },
    {
      name: 'stale timestamp (6 minutes old)',
      request: post(registrantAdded('stale'), { timestamp: new Date(T0_MS - 360_000).toISOString() }),
      expected: refused(401, 'TIMESTAMP_OUTSIDE_TOLERANCE'),
    },
    {
      name: 'future timestamp (6 minutes ahead)',
      request: post(registrantAdded('future'), { timestamp: new Date(T0_MS + 360_000).toISOString() }),
      expected: refused(401, 'TIMESTAMP_OUTSIDE_TOLERANCE'),
    },
    ...TIMESTAMP_FORMS.map(([form, timestamp], i): TableRow => ({
      name: `timestamp form accepted: ${form}`,
      request: post(registrantAdded(`form-${i}`), { timestamp }),
      expected: ok,
      records: handled(`form-${i}`, 0, timestamp),
    })),
    { name: 'timestamp without a zone', request: post(registrantAdded('no-zone'), { timestamp: '2026-11-27T15:52:13' }), expected: refused(401, 'MALFORMED_TIMESTAMP') },
    {
      name: 'the signature header twice, the same value',
      request: { method: 'POST', headers: [...signed(twice), ['x-webhook-signature', twiceSignature]], body: twice },
      expected: ok,
      records: handled('signature-twice'),
    },
    {
      name: 'the signature header twice, different values',
      request: { method: 'POST', headers: [...signed(twice), ['x-webhook-signature', otherSignature]], body: twice },
      expected: refused(401, 'MALFORMED_SIGNATURE'),
    },
    { name: 'oversized, with Content-Length', request: post(big), expected: refused(413, 'BODY_TOO_LARGE') },
    { name: 'oversized, streamed without Content-Length', request: post(big, {}, { chunked: true }), expected: refused(413, 'BODY_TOO_LARGE') },
    { name: 'exactly maxBodyBytes (the limit is inclusive)', request: post(padded), expected: ok, records: handled('at-the-limit') },
    { name: 'streamed, within the limit', request: post(registrantAdded('streamed'), {}, { chunked: true }), expected: ok, records: handled('streamed') },
    { name: 'signed, not JSON', request: post('{"eventName": "registrant.added",'), expected: refused(400, 'INVALID_JSON') },
    { name: 'signed, empty body', request: post(''), expected: refused(400, 'INVALID_JSON') },
    { name: 'signed JSON, not an event', request: post('{"eventKey":"no-name"}'), expected: refused(400, 'NOT_AN_EVENT') },
    {
      name: 'an event type this package does not know',
      request: post(webinarEnded('unknown-type')),
      expected: ok,
      records: { eventName: 'webinar.ended', eventKey: 'unknown-type', secretIndex: 0, timestamp: TABLE_T0, key: '8250000000000000456' },
    },
    { name: 'onEvent throws', request: post(failing), expected: refused(500, 'HANDLER_FAILED') },
    { name: 'the same event again after onEvent threw: handled', request: post(failing), expected: ok, records: handled(`${FAIL_ONCE_PREFIX}1`) },
    { name: '…and then a duplicate', request: post(failing), expected: duplicate },
  ];
}

export const DELIVERY_TABLE: readonly TableRow[] = buildRows();

/** The calls onEvent must have recorded after the whole table, in order. */
export const EXPECTED_CALLS: RecordedCall[] = DELIVERY_TABLE.filter((row) => row.records).map((row) => ({
  ...row.records!,
  rawBodyBytes: Buffer.byteLength(row.request.body ?? ''),
}));

/**
 * Registers the table's tests against one place: one test per row, in order, then the record of onEvent's calls.
 * `start` runs once (beforeAll) and gives the place; `stop` runs in afterAll; `more` registers further tests that
 * need the place running (in the same describe, so before `stop`).
 */
export function describeDeliveryTable(
  name: string,
  start: () => Promise<DeliveryPlace>,
  stop?: () => Promise<void>,
  more?: () => void,
): void {
  describe(`the delivery table: ${name}`, () => {
    let place: DeliveryPlace;
    beforeAll(async () => {
      place = await start();
    }, 120_000);
    if (stop) afterAll(stop, 30_000);

    test.each(DELIVERY_TABLE.map((row, i) => [i + 1, row.name, row] as const))('%i. %s', async (_i, _name, row) => {
      const answer = await place.send(row.request);
      expect(answer).toEqual(row.expected);
    });

    test('onEvent got exactly the handled events, in order, with their secret index, timestamp, bytes and exact keys', async () => {
      expect(await place.calls()).toEqual(EXPECTED_CALLS);
    });

    more?.();
  });
}

/** Reads a Fetch Response as the table compares it. */
export async function tableAnswerOf(response: Response): Promise<TableAnswer> {
  const text = await response.text();
  return tableAnswer(response.status, response.headers.get('content-type'), response.headers.get('allow'), text);
}

export function tableAnswer(status: number, contentType: string | null | undefined, allow: string | null | undefined, text: string): TableAnswer {
  const answer: TableAnswer = { status, json: text !== '' && /^application\/json/.test(contentType ?? '') };
  if (text === '') return answer;
  const body = JSON.parse(text) as { ok: boolean; error?: string; duplicate?: boolean };
  if (body.error !== undefined) answer.error = body.error;
  if (body.duplicate === true) answer.duplicate = true;
  if (status === 405) answer.allow = allow ?? undefined;
  return answer;
}

/** A streamed body: the text in two chunks, with no length known in advance. */
export function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const chunks = [bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)];
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/**
 * A table request as Fetch `RequestInit` (a streamed body needs `duplex: 'half'`). `declareLength` adds the
 * Content-Length an HTTP server would see, for a Request handed to a handler directly (fetch adds its own).
 */
export function requestInit(request: TableRequest, { declareLength = false } = {}): RequestInit {
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
  if (request.body !== undefined) {
    init.body = request.chunked ? streamOf(request.body) : request.body;
    if (request.chunked) init.duplex = 'half';
    else if (declareLength) headers.set('content-length', String(Buffer.byteLength(request.body)));
  }
  return init;
}

/** A place served over HTTP at `baseUrl` (the harness's CALLS_PATH included). */
export function httpPlace(baseUrl: string, path = '/goto/webhooks'): DeliveryPlace {
  return {
    send: async (request) => tableAnswerOf(await fetch(`${baseUrl}${path}`, requestInit(request))),
    calls: async () => (await (await fetch(`${baseUrl}/__calls`)).json()) as RecordedCall[],
  };
}
