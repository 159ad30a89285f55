/**
 * `pulumi-gotowebinar/receiving/web`, the entry for runtimes without Node's built-ins:
 * - the compiled files it loads (followed from dist/provider/receiving/web.js) require only each other, no `node:`
 *   module nor any package (workerd.test.ts runs it where there is none);
 * - verifyWebhookSignatureAsync (Web Crypto) gives exactly verifyWebhookSignature's result (Node's crypto): the
 *   openssl vectors, tampering, rotation, repeated headers, ages, and hostile inputs;
 * - the Fetch handler refuses an oversize streamed body without reading it all, and a body already read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  generateTestHeaders,
  verifyWebhookSignature,
  type VerifyWebhookSignatureOptions,
} from '../../provider/receiving';
import { createWebhookFetchHandler, verifyWebhookSignatureAsync } from '../../provider/receiving/web';
import { vectors } from './vectors';

const ROOT = path.resolve(__dirname, '../..');

describe('what the web entry loads', () => {
  /** Every file `require`d from `entry` on, and each specifier that is not a relative file of the package. */
  function graph(entry: string): { files: string[]; outside: string[] } {
    const files = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string): void => {
      if (files.has(file)) return;
      files.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/\brequire\("([^"]+)"\)/g)) {
        if (!specifier!.startsWith('.')) outside.push(`${path.relative(ROOT, file)} requires ${specifier}`);
        else visit(path.resolve(path.dirname(file), `${specifier}.js`));
      }
    };
    visit(entry);
    return { files: [...files].map((f) => path.relative(ROOT, f)).sort(), outside };
  }

  test('the compiled web entry requires no node: module and no package, only its own files', () => {
    const entry = path.join(ROOT, 'dist/provider/receiving/web.js');
    if (!fs.existsSync(entry)) throw new Error('dist/ is not built: run npm run build first (npm test builds it before the tests)');
    const { files, outside } = graph(entry);
    expect(outside).toEqual([]);
    expect(files).toContain('dist/provider/receiving/fetch-handler-web.js');
    expect(files).not.toContain('dist/provider/receiving/verify.js'); // Node's crypto
    expect(files).not.toContain('dist/provider/receiving/signature.js');
    expect(files.every((f) => /^dist\/provider\/(receiving|rules)\/|^dist\/provider\/api\/types\.js$/.test(f))).toBe(true);
  });

  test('while the Node entry does load Node crypto (so the check above can see a node: require)', () => {
    const text = fs.readFileSync(path.join(ROOT, 'dist/provider/receiving/verify.js'), 'utf8');
    expect(text).toMatch(/require\("node:crypto"\)/);
  });
});

describe('verifyWebhookSignatureAsync (Web Crypto) answers as verifyWebhookSignature (Node crypto)', () => {
  const SECRET = 'web-secret-Xc81dLq';
  const OTHER = 'other-secret-4kTz';
  const T0 = '2026-11-27T15:52:13.123Z';
  const T0_MS = Date.parse(T0);
  const BODY = '{"eventName":"registrant.added","eventKey":"k1","webinarKey":8250000000000000123}';
  const signed = (body: string | Uint8Array = BODY, secret = SECRET, timestamp = T0) => generateTestHeaders({ secret, body, timestamp });

  async function same(options: VerifyWebhookSignatureOptions): Promise<void> {
    const expected = verifyWebhookSignature(options);
    expect(await verifyWebhookSignatureAsync(options)).toEqual(expected);
  }

  test.each(vectors.map((v) => [v.name, v] as const))('openssl vector %s, as text and as bytes', async (_name, v) => {
    const headers = { 'x-webhook-signature': v.signature, 'x-webhook-signature-timestamp': v.timestamp };
    for (const body of [v.body, new Uint8Array(Buffer.from(v.bodyBase64, 'base64'))]) {
      expect(await verifyWebhookSignatureAsync({ body, headers, secrets: v.secret, toleranceSeconds: 0 })).toEqual({
        ok: true,
        secretIndex: 0,
        timestamp: v.timestamp,
      });
    }
  });

  const signature = signed()['x-webhook-signature'];
  const cases: Array<[string, VerifyWebhookSignatureOptions]> = [
    ['valid', { body: BODY, headers: signed(), secrets: SECRET, now: T0_MS }],
    ['valid, bytes', { body: new TextEncoder().encode(BODY), headers: signed(), secrets: SECRET, now: T0_MS }],
    ['rotation: the second secret', { body: BODY, headers: signed(BODY, OTHER), secrets: [SECRET, OTHER], now: T0_MS }],
    ['rotation: the same secret twice', { body: BODY, headers: signed(), secrets: [SECRET, SECRET], now: T0_MS }],
    ['tampered body', { body: BODY.replace('k1', 'k2'), headers: signed(), secrets: SECRET, now: T0_MS }],
    ['wrong secrets', { body: BODY, headers: signed(), secrets: [OTHER, 'third'], now: T0_MS }],
    ['no padding', { body: BODY, headers: { ...signed(), 'x-webhook-signature': signature.replace(/=$/, '') }, secrets: SECRET, now: T0_MS }],
    ['malformed', { body: BODY, headers: { ...signed(), 'x-webhook-signature': 'abc' }, secrets: SECRET, now: T0_MS }],
    ['missing signature', { body: BODY, headers: { 'x-webhook-signature-timestamp': T0 }, secrets: SECRET }],
    ['missing timestamp', { body: BODY, headers: { 'x-webhook-signature': signature }, secrets: SECRET }],
    ['repeated, same', { body: BODY, headers: { ...signed(), 'x-webhook-signature': `${signature}, ${signature}` }, secrets: SECRET, now: T0_MS }],
    ['repeated, different', { body: BODY, headers: { ...signed(), 'x-webhook-signature': `${signature}, ${signed(BODY, OTHER)['x-webhook-signature']}` }, secrets: SECRET, now: T0_MS }],
    ['stale', { body: BODY, headers: signed(), secrets: SECRET, now: T0_MS + 301_000 }],
    ['future', { body: BODY, headers: signed(), secrets: SECRET, now: T0_MS - 301_000 }],
    ['unreadable timestamp', { body: BODY, headers: signed(BODY, SECRET, 'yesterday'), secrets: SECRET }],
    ['unreadable timestamp, age check off', { body: BODY, headers: signed(BODY, SECRET, 'yesterday'), secrets: SECRET, toleranceSeconds: 0 }],
    ['a Fetch Headers object', { body: BODY, headers: new Headers(signed()), secrets: SECRET, now: T0_MS }],
    ['a parsed body', { body: JSON.parse(BODY) as never, headers: signed(), secrets: SECRET }],
    ['no secrets', { body: BODY, headers: signed(), secrets: [] }],
    ['an empty secret', { body: BODY, headers: signed(), secrets: [SECRET, ''] }],
    ['a negative tolerance', { body: BODY, headers: signed(), secrets: SECRET, toleranceSeconds: -1 }],
    ['a throwing clock', { body: BODY, headers: signed(), secrets: SECRET, now: () => { throw new Error('clock'); } }],
    ['not an options object', null as never],
    ['headers that throw', { body: BODY, headers: { get: () => { throw new Error('boom'); } }, secrets: SECRET }],
  ];

  test.each(cases)('%s', async (_name, options) => {
    await same(options);
  });

  test('more secrets than the key cache holds still verify (keys are imported again)', async () => {
    const secrets = Array.from({ length: 40 }, (_, i) => `secret-${i}`);
    for (const secret of [...secrets, ...secrets]) {
      const result = await verifyWebhookSignatureAsync({ body: BODY, headers: signed(BODY, secret), secrets: secret, now: T0_MS });
      expect(result.ok).toBe(true);
    }
  });

  test('without Web Crypto it says so (INVALID_OPTIONS), never throws', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const result = await verifyWebhookSignatureAsync({ body: BODY, headers: signed(), secrets: SECRET, now: T0_MS });
      expect(result).toMatchObject({ ok: false, reason: 'INVALID_OPTIONS', message: expect.stringMatching(/Web Crypto/) });
    } finally {
      Object.defineProperty(globalThis, 'crypto', descriptor);
    }
  });
});

describe('the Fetch handler reading bodies', () => {
  const SECRET = 'fetch-secret-Pw3m';
  const handle = createWebhookFetchHandler({ secrets: SECRET, maxBodyBytes: 1024, onEvent: () => undefined, onError: () => undefined });

  test('an oversize streamed body is refused after the chunk that passes the limit: the rest is never pulled', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512));
        if (pulled === 1000) controller.close(); // 500 KiB, if it were all read
      },
    });
    const response = await handle(new Request('https://receiver.example/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'BODY_TOO_LARGE' });
    expect(pulled).toBeLessThan(10);
  });

  test('a declared oversize body is refused before any of it is read', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: () => void pulled++ });
    const request = new Request('https://receiver.example/', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-length': '5000000' },
    } as RequestInit);
    expect((await handle(request)).status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // a stream may be asked for its first chunk when it is made
  });

  test('a body already read by the framework answers 400 RAW_BODY_UNAVAILABLE, saying what to pass', async () => {
    const request = new Request('https://receiver.example/', { method: 'POST', body: '{"eventName":"x"}' });
    await request.json();
    const response = await handle(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'RAW_BODY_UNAVAILABLE', message: expect.stringMatching(/untouched Request/) });
  });

  test('a HEAD is answered 200 without a body; the answer is JSON and not cached', async () => {
    const response = await handle(new Request('https://receiver.example/', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.body).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  test('options are checked at start-up, naming createWebhookFetchHandler', () => {
    expect(() => createWebhookFetchHandler({ secrets: SECRET, onEvent: 'no' as never })).toThrow(/^createWebhookFetchHandler: onEvent/);
  });
});
