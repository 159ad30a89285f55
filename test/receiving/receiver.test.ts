import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import {
  createMemoryEventKeyStore,
  createWebhookReceiver,
  generateTestHeaders,
  isKnownWebhookEvent,
  type EventKeyStore,
  type WebhookEvent,
  type WebhookEventContext,
  type WebhookReceiverOptions,
} from '../../provider/receiving';
import { expectNoSecrets } from '../support/no-secrets';
import { listen, type Listening } from './listen';

const SECRET = 'receiver-secret-Hk29sQ';
const NEXT_SECRET = 'receiver-next-secret-P0wq';
const T0 = '2026-11-27T15:52:13.123Z';
const T0_MS = Date.parse(T0);

function registrantAdded(eventKey: string = randomUUID()): string {
  // Written by hand: JSON.stringify cannot produce the 64-bit integers GoTo sends.
  return (
    `{"eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w","eventKey":"${eventKey}",` +
    `"timestamp":"${T0}","registrantKey":8250000000000000123,"webinarKey":8250000000000000456,` +
    '"webinarCreatorKey":9223372036854775807,"firstName":"Zoë","lastName":"Ångström","email":"zoe@example.com",' +
    '"status":"Approved","webinarTitle":"8250000000000000123"}'
  );
}

interface Answer {
  status: number;
  body: { ok: boolean; error?: string; message?: string; duplicate?: boolean };
  text: string;
  headers: Headers;
}

/** Every answer text of this file, scanned at the end for the secrets and handler error texts. */
const answers: string[] = [];

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text, headers: response.headers };
}

function post(
  url: string,
  body: string | Buffer,
  { secret = SECRET, timestamp = T0, headers = {} }: { secret?: string; timestamp?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return send(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...generateTestHeaders({ secret, body, timestamp }), ...headers },
  });
}

/** A receiver on a real loopback server, recording onEvent calls. */
async function startReceiver(options: Partial<WebhookReceiverOptions> = {}) {
  const calls: Array<{ event: WebhookEvent; context: WebhookEventContext }> = [];
  const errors: unknown[] = [];
  const receiver = createWebhookReceiver({
    secrets: SECRET,
    now: () => new Date(T0_MS + 1000),
    onEvent: (event, context) => {
      calls.push({ event, context });
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  const server = await listen(receiver);
  running.push(server);
  return { url: `${server.url}/goto/webhooks`, calls, errors };
}

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('GoTo validation request and methods', () => {
  test('GET and HEAD answer 200 (GoTo validates a callbackUrl with a GET)', async () => {
    const { url, calls } = await startReceiver();
    expect((await send(url, { method: 'GET' })).status).toBe(200);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    expect((await send(`${url}?any=query`, { method: 'GET' })).body).toEqual({ ok: true });
    expect(calls).toHaveLength(0);
  });

  test('other methods answer 405 with Allow', async () => {
    const { url } = await startReceiver();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await send(url, { method, body: '{}' });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(answer.body.error).toBe('METHOD_NOT_ALLOWED');
    }
  });
});

describe('POST deliveries', () => {
  test('a valid delivery calls onEvent with the typed event (keys exact) and answers 200', async () => {
    const { url, calls } = await startReceiver();
    const eventKey = randomUUID();
    const body = registrantAdded(eventKey);
    const answer = await post(url, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    const { event, context } = calls[0]!;
    expect(event).toMatchObject({
      eventName: 'registrant.added',
      eventKey,
      registrantKey: '8250000000000000123',
      webinarKey: '8250000000000000456',
      webinarCreatorKey: '9223372036854775807',
      webinarTitle: '8250000000000000123',
      firstName: 'Zoë',
    });
    expect(context.secretIndex).toBe(0);
    expect(context.timestamp).toBe(T0);
    expect(Buffer.isBuffer(context.rawBody) && context.rawBody.equals(Buffer.from(body))).toBe(true);
  });

  test('answers 200 only after an async onEvent resolved', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished = false;
    const { url } = await startReceiver({
      onEvent: async () => {
        await gate;
        finished = true;
      },
    });
    const pending = post(url, registrantAdded());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    expect(finished).toBe(true);
  });

  test('a bad signature answers 401 with the reason, and onEvent is not called', async () => {
    const { url, calls } = await startReceiver();
    const wrong = await post(url, registrantAdded(), { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ ok: false, error: 'SIGNATURE_MISMATCH' });

    const body = registrantAdded();
    const tampered = await send(url, {
      method: 'POST',
      body: body.replace('Zoë', 'Eve'),
      headers: generateTestHeaders({ secret: SECRET, body, timestamp: T0 }),
    });
    expect(tampered.status).toBe(401);

    const unsigned = await send(url, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toBe('MISSING_SIGNATURE_HEADER');

    const malformed = await post(url, body, { headers: { 'x-webhook-signature': 'nope' } });
    expect(malformed.body.error).toBe('MALFORMED_SIGNATURE');
    expect(calls).toHaveLength(0);
  });

  test('a stale delivery answers 401 TIMESTAMP_OUTSIDE_TOLERANCE', async () => {
    const { url, calls } = await startReceiver({ toleranceSeconds: 60, now: () => T0_MS + 61_000 });
    const answer = await post(url, registrantAdded());
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('TIMESTAMP_OUTSIDE_TOLERANCE');
    expect(calls).toHaveLength(0);
  });

  test('rotation: deliveries signed with either configured secret are accepted, secretIndex tells which', async () => {
    const { url, calls } = await startReceiver({ secrets: [NEXT_SECRET, SECRET] });
    expect((await post(url, registrantAdded(), { secret: SECRET })).status).toBe(200);
    expect((await post(url, registrantAdded(), { secret: NEXT_SECRET })).status).toBe(200);
    expect(calls.map((c) => c.context.secretIndex)).toEqual([1, 0]);
  });

  test('a signed body that is not JSON, or not an event, answers 400', async () => {
    const { url, calls } = await startReceiver();
    const invalid = await post(url, '{"eventName": "registrant.added",');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('INVALID_JSON');
    expect(invalid.body.message).toMatch(/position \d+/);
    expect((await post(url, '[]')).body.error).toBe('NOT_AN_EVENT');
    expect((await post(url, '{"eventKey":"k"}')).body.error).toBe('NOT_AN_EVENT');
    expect(calls).toHaveLength(0);
  });

  test('an oversize body answers 413 without calling onEvent (declared length and chunked)', async () => {
    const { url, calls } = await startReceiver({ maxBodyBytes: 1024 });
    const big = registrantAdded().replace('"Zoë"', JSON.stringify('x'.repeat(5000)));
    const declared = await post(url, big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toBe('BODY_TOO_LARGE');

    // Chunked: no Content-Length, so the limit is enforced while reading.
    const chunks = [Buffer.from(big.slice(0, 600)), Buffer.from(big.slice(600))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const chunked = await send(url, {
      method: 'POST',
      body: stream,
      headers: generateTestHeaders({ secret: SECRET, body: big, timestamp: T0 }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(calls).toHaveLength(0);

    // The limit is inclusive, and the server keeps working afterwards.
    const { url: exactUrl, calls: exactCalls } = await startReceiver({ maxBodyBytes: Buffer.byteLength(registrantAdded()) });
    expect((await post(exactUrl, registrantAdded())).status).toBe(200);
    expect(exactCalls).toHaveLength(1);
  });

  test('a client that goes away mid-body does not break the receiver', async () => {
    const { url, calls } = await startReceiver();
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"eventName":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await post(url, registrantAdded())).status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

/** What a raw client saw: the answer's status and JSON body (if any answer came), and its socket errors by code. */
interface RawExchange {
  status: number | undefined;
  body: Answer['body'] | undefined;
  errors: string[];
}

type HeaderLines = ReadonlyArray<readonly [string, string]>;

/**
 * Sends one request over a plain socket with a single write of its head and body together, as a client that does not
 * wait for an early answer does, then reads until the server closes. With `readAfterWrite`, nothing is read before the
 * whole write went out, as a blocking client (write everything, then read) does: it sees an answer only if the
 * connection outlives the body. Each header line is sent as given, repeats included.
 */
function rawRequest(url: string, headers: HeaderLines, body: Buffer, { readAfterWrite = false, chunked = false } = {}) {
  const { hostname, port, pathname } = new URL(url);
  const framing: HeaderLines = chunked ? [['transfer-encoding', 'chunked']] : [['content-length', String(body.length)]];
  const lines = [`POST ${pathname} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
  for (const [name, value] of [...headers, ...framing]) lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  const payload = chunked
    ? [head, Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]
    : [head, body];
  return new Promise<RawExchange>((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const errors: string[] = [];
    const read = (): void => void socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? error.message));
    socket.on('close', () => {
      const response = Buffer.concat(received);
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(response.toString('latin1'))?.[1]) || undefined;
      const bodyStart = response.indexOf('\r\n\r\n');
      const text = bodyStart === -1 ? '' : response.subarray(bodyStart + 4).toString('utf8');
      if (text) answers.push(text);
      resolve({ status, body: text ? JSON.parse(text) : undefined, errors });
    });
    if (!readAfterWrite) read();
    socket.write(Buffer.concat(payload), (error) => {
      if (!error && readAfterWrite) read();
    });
  });
}

function signedHeaders(body: Buffer): HeaderLines {
  const signature = generateTestHeaders({ secret: SECRET, body, timestamp: T0 });
  return [['content-type', 'application/json'], ...Object.entries(signature)];
}

describe('an oversize body written in one go (headers and body in one write, as most clients send)', () => {
  const MiB = 1024 * 1024;

  test('a client that writes 10 MiB before reading gets 413 BODY_TOO_LARGE, not a reset (3 runs)', async () => {
    const { url, calls } = await startReceiver({ maxBodyBytes: MiB });
    const body = Buffer.alloc(10 * MiB, 'x');
    for (let run = 0; run < 3; run++) {
      const seen = await rawRequest(url, signedHeaders(body), body, { readAfterWrite: true });
      expect(seen).toMatchObject({ status: 413, body: { ok: false, error: 'BODY_TOO_LARGE' }, errors: [] });
    }
    const chunked = await rawRequest(url, signedHeaders(body), body, { readAfterWrite: true, chunked: true });
    expect(chunked).toMatchObject({ status: 413, body: { error: 'BODY_TOO_LARGE' }, errors: [] });
    expect(calls).toHaveLength(0);
    expect((await post(url, registrantAdded())).status).toBe(200);
  });

  test('far beyond what is discarded (100 MiB), a client reading while writing still gets the 413', async () => {
    // Past the discard limit the connection is cut, so the sender may also see a reset; the answer was sent first.
    const { url, calls } = await startReceiver({ maxBodyBytes: MiB });
    const body = Buffer.alloc(100 * MiB, 'x');
    for (let run = 0; run < 3; run++) {
      const seen = await rawRequest(url, signedHeaders(body), body);
      expect(seen).toMatchObject({ status: 413, body: { error: 'BODY_TOO_LARGE' } });
      expect(seen.body?.message).toMatch(/limit of 1048576 bytes \(maxBodyBytes\)/);
    }
    expect(calls).toHaveLength(0);
    expect((await post(url, registrantAdded())).status).toBe(200);
  });
});

describe('a signature header sent on several lines', () => {
  const body = registrantAdded();
  const signed = generateTestHeaders({ secret: SECRET, body, timestamp: T0 });
  const [sig, ts] = [signed['x-webhook-signature'], signed['x-webhook-signature-timestamp']];
  const other = generateTestHeaders({ secret: SECRET, body, timestamp: '2026-11-27T15:52:14.000Z' });

  test.each([
    ['the same signature twice', [sig, sig], [ts], 200, undefined],
    ['the same timestamp twice', [sig], [ts, ts], 200, undefined],
    ['both twice, the same', [sig, sig], [ts, ts], 200, undefined],
    ['two different signatures', [sig, other['x-webhook-signature']], [ts], 401, 'MALFORMED_SIGNATURE'],
    ['two different timestamps', [sig], [ts, other['x-webhook-signature-timestamp']], 401, 'MALFORMED_TIMESTAMP'],
  ])('%s', async (_name, signatures, timestamps, status, error) => {
    const { url, calls } = await startReceiver({ dedupe: false });
    const headers: HeaderLines = [
      ['content-type', 'application/json'],
      ...signatures.map((v) => ['x-webhook-signature', v] as const),
      ...timestamps.map((v) => ['x-webhook-signature-timestamp', v] as const),
    ];
    const seen = await rawRequest(url, headers, Buffer.from(body));
    expect(seen.status).toBe(status);
    if (error) {
      expect(seen.body).toMatchObject({ error, message: expect.stringMatching(/different values.*send it once/) });
    }
    expect(calls).toHaveLength(status === 200 ? 1 : 0);
  });
});

describe('event types this package does not know yet', () => {
  /** An event GoTo might add: written by hand, with 64-bit literals. */
  function webinarEnded(eventKey: string = randomUUID()): string {
    return (
      `{"eventName":"webinar.ended","eventVersion":"1.0.0","product":"g2w","eventKey":"${eventKey}",` +
      `"timestamp":"${T0}","webinarKey":8250000000000000456,"organizerKey":9223372036854775807,"attendees":42}`
    );
  }

  test('an authentic delivery answers 200 and reaches onEvent as an unknown event, keys exact', async () => {
    const { url, calls } = await startReceiver();
    const eventKey = randomUUID();
    const body = webinarEnded(eventKey);
    const answer = await post(url, body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    const { event, context } = calls[0]!;
    expect(isKnownWebhookEvent(event)).toBe(false);
    expect(event).toMatchObject({ eventName: 'webinar.ended', known: false, eventKey, timestamp: T0 });
    if (isKnownWebhookEvent(event)) throw new Error('expected an unknown event');
    expect(event.fields).toMatchObject({ webinarKey: '8250000000000000456', organizerKey: '9223372036854775807', attendees: 42 });
    expect(context.rawBody.equals(Buffer.from(body))).toBe(true);
  });

  test('an unauthenticated one is still refused, before its body is read as an event', async () => {
    const { url, calls } = await startReceiver();
    expect((await post(url, webinarEnded(), { secret: 'not-the-secret' })).body.error).toBe('SIGNATURE_MISMATCH');
    expect((await send(url, { method: 'POST', body: webinarEnded() })).body.error).toBe('MISSING_SIGNATURE_HEADER');
    // Not even invalid JSON is diagnosed for an unsigned request: the signature comes first.
    expect((await send(url, { method: 'POST', body: '{"eventName":' })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  test('a stale one is refused like any other', async () => {
    const { url, calls } = await startReceiver({ now: () => T0_MS + 3_600_000 });
    expect((await post(url, webinarEnded())).body.error).toBe('TIMESTAMP_OUTSIDE_TOLERANCE');
    expect(calls).toHaveLength(0);
  });

  test('redeliveries are skipped by eventKey, and a throwing onEvent answers 500 so GoTo retries', async () => {
    let attempts = 0;
    const { url } = await startReceiver({
      onEvent: () => {
        attempts++;
        if (attempts === 1) throw new Error('transient');
      },
    });
    const body = webinarEnded('unknown-dup');
    expect((await post(url, body)).status).toBe(500);
    expect((await post(url, body)).body).toEqual({ ok: true });
    expect((await post(url, body)).body).toEqual({ ok: true, duplicate: true });
    expect(attempts).toBe(2);
  });
});

describe('deduplication by eventKey', () => {
  test('a second delivery of the same event answers 200 without calling onEvent again', async () => {
    const { url, calls } = await startReceiver();
    const body = registrantAdded('dup-1');
    expect((await post(url, body)).body).toEqual({ ok: true });
    expect((await post(url, body, { timestamp: '2026-11-27T15:52:14.000Z' })).body).toEqual({ ok: true, duplicate: true });
    expect((await post(url, registrantAdded('dup-2'))).body).toEqual({ ok: true });
    expect(calls.map((c) => c.event.eventKey)).toEqual(['dup-1', 'dup-2']);
  });

  test('concurrent deliveries of one event call onEvent once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let count = 0;
    const { url } = await startReceiver({
      onEvent: async () => {
        count++;
        await gate;
      },
    });
    const body = registrantAdded('concurrent');
    const all = Promise.all([post(url, body), post(url, body), post(url, body)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const results = await all;
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(2);
    expect(count).toBe(1);
  });

  test('a failed attempt is not remembered: the retry is handled, then duplicates are skipped', async () => {
    let attempts = 0;
    const { url } = await startReceiver({
      onEvent: () => {
        attempts++;
        if (attempts === 1) throw new Error('transient');
      },
    });
    const body = registrantAdded('retry');
    expect((await post(url, body)).status).toBe(500);
    expect((await post(url, body)).body).toEqual({ ok: true });
    expect((await post(url, body)).body).toEqual({ ok: true, duplicate: true });
    expect(attempts).toBe(2);
  });

  test('a waiting duplicate handles the event itself when the first attempt fails', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let attempts = 0;
    const { url } = await startReceiver({
      onEvent: async () => {
        attempts++;
        if (attempts === 1) {
          await gate;
          throw new Error('first attempt fails');
        }
      },
    });
    const body = registrantAdded('wait-then-retry');
    const first = post(url, body);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = post(url, body);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    expect((await first).status).toBe(500);
    expect((await second).body).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });

  test('dedupe: false calls onEvent every time; a custom store is used', async () => {
    const off = await startReceiver({ dedupe: false });
    const body = registrantAdded('again');
    await post(off.url, body);
    await post(off.url, body);
    expect(off.calls).toHaveLength(2);

    const seen = new Set<string>(['known-elsewhere']);
    const store: EventKeyStore = {
      has: async (key) => seen.has(key),
      add: async (key) => void seen.add(key),
    };
    const custom = await startReceiver({ dedupe: store });
    expect((await post(custom.url, registrantAdded('known-elsewhere'))).body.duplicate).toBe(true);
    expect((await post(custom.url, registrantAdded('new-one'))).body).toEqual({ ok: true });
    expect(seen.has('new-one')).toBe(true);
    expect(custom.calls).toHaveLength(1);
  });

  test('a failing store: has() failing answers 500; add() failing still answers 200 and reports', async () => {
    const failingHas = await startReceiver({
      dedupe: { has: () => Promise.reject(new Error('redis down')), add: () => undefined },
    });
    expect((await post(failingHas.url, registrantAdded())).status).toBe(500);
    expect(failingHas.calls).toHaveLength(0);
    expect(failingHas.errors).toHaveLength(1);

    const failingAdd = await startReceiver({
      dedupe: { has: () => false, add: () => Promise.reject(new Error('redis down')) },
    });
    expect((await post(failingAdd.url, registrantAdded())).status).toBe(200);
    expect(failingAdd.calls).toHaveLength(1);
    expect(failingAdd.errors).toHaveLength(1);
  });

  test('the in-memory store is bounded and forgets the least recently seen keys first', () => {
    const store = createMemoryEventKeyStore(2);
    store.add('a');
    store.add('b');
    expect(store.has('a')).toBe(true); // a is now the most recent
    store.add('c'); // evicts b
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
    expect(() => createMemoryEventKeyStore(0)).toThrow(/positive integer/);
  });
});

describe('onEvent failures', () => {
  test('a throwing onEvent answers 500 without the error text, and onError gets the error', async () => {
    const leak = 'postgres://admin:hunter2@db.internal/prod';
    const { url, errors } = await startReceiver({
      onEvent: () => {
        throw new Error(`connection failed: ${leak}`);
      },
    });
    const answer = await post(url, registrantAdded());
    expect(answer.status).toBe(500);
    expect(answer.body.error).toBe('HANDLER_FAILED');
    expect(answer.text).not.toContain('hunter2');
    expect(answer.text).not.toContain('postgres');
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain(leak);
  });

  test('a rejected promise and a throwing onError are handled too', async () => {
    const { url } = await startReceiver({
      onEvent: () => Promise.reject(new Error('async failure')),
      onError: () => {
        throw new Error('the error reporter itself fails');
      },
    });
    expect((await post(url, registrantAdded())).status).toBe(500);
    expect((await send(url, { method: 'GET' })).status).toBe(200); // still serving
  });

  test('by default onError logs the event name and key with console.error', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const receiver = createWebhookReceiver({
        secrets: SECRET,
        now: T0_MS,
        onEvent: () => {
          throw new Error('boom');
        },
      });
      const server = await listen(receiver);
      running.push(server);
      expect((await post(server.url, registrantAdded('logged-key'))).status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
      const logged = spy.mock.calls[0]!.map(String).join(' ');
      expect(logged).toContain('registrant.added logged-key');
      expect(logged).not.toContain(SECRET);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Express/Connect-style middleware', () => {
  type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

  /** A minimal Connect-like chain: enough to mount the receiver the way Express does, without a dependency. */
  function chain(...middleware: Middleware[]) {
    const nextCalls: unknown[] = [];
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      let i = 0;
      const next = (error?: unknown): void => {
        const fn = middleware[i++];
        if (error !== undefined || fn === undefined) {
          nextCalls.push(error ?? 'fell through');
          res.statusCode = 404;
          res.end();
          return;
        }
        fn(req, res, next);
      };
      next();
    };
    return { handler, nextCalls };
  }

  /** Reads the body like a body parser would, then stores it as `store` says. */
  const bodyParser =
    (store: (req: IncomingMessage & Record<string, unknown>, raw: Buffer) => void): Middleware =>
    (req, _res, next) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        store(req as IncomingMessage & Record<string, unknown>, Buffer.concat(chunks));
        next();
      });
    };

  async function mounted(...before: Middleware[]) {
    const calls: WebhookEvent[] = [];
    const receiver = createWebhookReceiver({ secrets: SECRET, now: T0_MS, onEvent: (event) => void calls.push(event) });
    const { handler, nextCalls } = chain(...before, receiver);
    const server = await listen(handler);
    running.push(server);
    return { url: server.url, calls, nextCalls };
  }

  test('with req.rawBody kept by a JSON parser (the express.json verify hook convention)', async () => {
    const { url, calls, nextCalls } = await mounted(
      bodyParser((req, raw) => {
        req.rawBody = raw;
        req.body = JSON.parse(raw.toString());
      }),
    );
    expect((await post(url, registrantAdded('raw-kept'))).status).toBe(200);
    expect(calls[0]).toMatchObject({ eventKey: 'raw-kept', registrantKey: '8250000000000000123' });
    expect(nextCalls).toEqual([]);
  });

  test('with req.rawBody as a string', async () => {
    const { url, calls } = await mounted(bodyParser((req, raw) => (req.rawBody = raw.toString('utf8'))));
    expect((await post(url, registrantAdded())).status).toBe(200);
    expect(calls[0]).toMatchObject({ firstName: 'Zoë' });
  });

  test('with req.body as a Buffer (express.raw())', async () => {
    const { url, calls } = await mounted(bodyParser((req, raw) => (req.body = raw)));
    expect((await post(url, registrantAdded())).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  test('a kept raw body is still checked against the signature and the size limit', async () => {
    const { url, calls } = await mounted(bodyParser((req, raw) => (req.rawBody = raw)));
    expect((await post(url, registrantAdded(), { secret: 'wrong' })).status).toBe(401);
    expect(calls).toHaveLength(0);

    const receiver = createWebhookReceiver({ secrets: SECRET, now: T0_MS, maxBodyBytes: 10, onEvent: () => undefined });
    const small = chain(bodyParser((req, raw) => (req.rawBody = raw)), receiver);
    const server = await listen(small.handler);
    running.push(server);
    expect((await post(server.url, registrantAdded())).status).toBe(413);
  });

  test('a body parsed without keeping the bytes answers 400 explaining the raw body is needed', async () => {
    const { url, calls } = await mounted(bodyParser((req, raw) => (req.body = JSON.parse(raw.toString()))));
    const answer = await post(url, registrantAdded());
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('RAW_BODY_UNAVAILABLE');
    expect(answer.body.message).toMatch(/express\.raw|req\.rawBody/);
    expect(calls).toHaveLength(0);

    const consumedOnly = await mounted(bodyParser(() => undefined)); // read the stream, stored nothing
    expect((await post(consumedOnly.url, registrantAdded())).body.error).toBe('RAW_BODY_UNAVAILABLE');
  });

  test('req.body set without reading the stream (Express 4 parsers skipping another content type) still works', async () => {
    const skipping: Middleware = (req, _res, next) => {
      (req as IncomingMessage & { body?: unknown }).body = {};
      next();
    };
    const { url, calls } = await mounted(skipping);
    expect((await post(url, registrantAdded())).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  test('GET validation works when mounted too', async () => {
    const { url } = await mounted();
    expect((await send(url, { method: 'GET' })).status).toBe(200);
  });
});

describe('createWebhookReceiver options are checked at start-up', () => {
  const onEvent = () => undefined;
  test.each([
    ['no options', undefined, /options object/],
    ['no secrets', { onEvent }, /No secret configured/],
    ['an empty secret in the list', { secrets: [SECRET, ''], onEvent }, /secrets\[1\]/],
    ['no onEvent', { secrets: SECRET }, /onEvent must be a function/],
    ['negative tolerance', { secrets: SECRET, onEvent, toleranceSeconds: -5 }, /toleranceSeconds/],
    ['zero maxBodyBytes', { secrets: SECRET, onEvent, maxBodyBytes: 0 }, /maxBodyBytes/],
    ['fractional maxBodyBytes', { secrets: SECRET, onEvent, maxBodyBytes: 1.5 }, /maxBodyBytes/],
    ['a dedupe store without add', { secrets: SECRET, onEvent, dedupe: { has: () => false } }, /dedupe must be/],
  ])('%s', (_name, options, message) => {
    expect(() => createWebhookReceiver(options as never)).toThrow(message);
    try {
      createWebhookReceiver(options as never);
    } catch (error) {
      expectNoSecrets(error, [SECRET]);
    }
  });
});

test('no answer of this file contains a secret', () => {
  expect(answers.length).toBeGreaterThan(30);
  for (const text of answers) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(NEXT_SECRET);
  }
});
