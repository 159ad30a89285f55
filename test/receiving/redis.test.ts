/**
 * Deduplication across receiver instances, against a real Redis the test starts (redis-server.ts):
 * - createRedisEventKeyStore's claims: atomic, released on failure, marked handled on success, with the lease and
 *   the time to live set on the key;
 * - two receiver processes, each the docs' Redis snippet (snippets/redis.ts, quoted in docs/receiving.md), accept a
 *   redelivered event once between them, also when both get it at the same moment;
 * - receivers sharing the store: onEvent throwing leaves the event deliverable again, to the other instance; an
 *   event being handled by one is answered 409 EVENT_IN_PROGRESS by the other, then a duplicate;
 * - Redis unreachable: "accept" handles the event and reports the EventKeyStoreError to onError; "refuse" answers
 *   500; a client that queues commands while away times out (STORE_TIMEOUT) instead of hanging the delivery.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createClient } from 'redis';
import {
  createRedisEventKeyStore,
  createWebhookReceiver,
  EventKeyStoreError,
  generateTestHeaders,
  type EventKeyClaim,
  type RedisEventKeyStoreOptions,
  type WebhookReceiverErrorInfo,
} from '../../provider/receiving';
import { expectNoSecrets } from '../support/no-secrets';
import { listen, type Listening } from './listen';
import { startRedisServer, type RedisServer } from './redis-server';
import { freePort, startProcess, waitForHttp, type RunningProcess } from './runtimes';
import { SNIPPET_SECRET } from './snippet-check';

let redis: RedisServer;
const clients: Array<{ destroy(): void }> = [];
const servers: Listening[] = [];

async function connect(options: { disableOfflineQueue?: boolean } = {}) {
  const client = createClient({ url: redis.url, disableOfflineQueue: options.disableOfflineQueue ?? true });
  client.on('error', () => undefined); // a Redis that goes away is part of these tests
  await client.connect();
  clients.push(client);
  return client;
}

type Client = Awaited<ReturnType<typeof connect>>;

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(servers.map((s) => s.stop()));
  await redis?.stop();
}, 30_000);

/** A signed registrant.added delivery of `eventKey`, as GoTo sends it. */
function delivery(eventKey: string, secret = SNIPPET_SECRET): RequestInit {
  const body = `{"eventName":"registrant.added","eventKey":"${eventKey}","registrantKey":8250000000000000123}`;
  return { method: 'POST', body, headers: { 'content-type': 'application/json', ...generateTestHeaders({ secret, body }) } };
}

async function answer(url: string, eventKey: string): Promise<[number, unknown]> {
  const response = await fetch(url, delivery(eventKey));
  return [response.status, await response.json()];
}

const claimed = (claim: EventKeyClaim) => {
  if (claim.state !== 'claimed') throw new Error(`expected a claim, got ${claim.state}`);
  return claim;
};

describe('createRedisEventKeyStore: claims', () => {
  test('the first claim wins; others see it in progress; released, it is claimable again; completed, it is handled', async () => {
    const client = await connect();
    const a = createRedisEventKeyStore(client);
    const b = createRedisEventKeyStore(client);
    const key = randomUUID();

    const first = claimed(await a.claim(key));
    expect((await b.claim(key)).state).toBe('in-progress');
    await first.release();
    const second = claimed(await b.claim(key));
    expect((await a.claim(key)).state).toBe('in-progress');
    await second.complete();
    expect((await a.claim(key)).state).toBe('handled');
    expect((await b.claim(key)).state).toBe('handled');
  });

  test('simultaneous claims of one key from many stores: exactly one wins (SET NX is atomic)', async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, async () => createRedisEventKeyStore(await connect())));
    const key = randomUUID();
    const states = await Promise.all(stores.map((store) => store.claim(key).then((c) => c.state)));
    expect(states.filter((s) => s === 'claimed')).toHaveLength(1);
    expect(states.filter((s) => s === 'in-progress')).toHaveLength(7);
  });

  test('the key: its prefix, the lease while claimed, the time to live once handled', async () => {
    const client = await connect();
    const store = createRedisEventKeyStore(client, { keyPrefix: 'test:events:', leaseSeconds: 30, ttlSeconds: 3600 });
    const key = randomUUID();
    const claim = claimed(await store.claim(key));
    expect(await client.get(`test:events:${key}`)).toMatch(/^claimed:[0-9a-f-]{36}$/);
    expect(await client.pTTL(`test:events:${key}`)).toBeGreaterThan(29_000);
    expect(await client.pTTL(`test:events:${key}`)).toBeLessThanOrEqual(30_000);
    await claim.complete();
    expect(await client.get(`test:events:${key}`)).toBe('handled');
    expect(await client.pTTL(`test:events:${key}`)).toBeGreaterThan(3_599_000);
  });

  test('a claim whose lease expired is taken over; the late release of the first leaves the new claim alone', async () => {
    const client = await connect();
    const store = createRedisEventKeyStore(client, { leaseSeconds: 1 });
    const key = randomUUID();
    const stale = claimed(await store.claim(key));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = claimed(await store.claim(key));
    await stale.release(); // the compare-and-delete finds another claim: nothing deleted
    expect((await store.claim(key)).state).toBe('in-progress');
    await fresh.complete();
    expect((await store.claim(key)).state).toBe('handled');
  });

  test.each<[string, unknown, RedisEventKeyStoreOptions | undefined, RegExp]>([
    ['no client', undefined, undefined, /client must be a connected node-redis client/],
    ['an object without sendCommand', {}, undefined, /sendCommand/],
    ['a zero lease', { sendCommand: async () => null }, { leaseSeconds: 0 }, /leaseSeconds must be a positive integer/],
    ['a fractional time to live', { sendCommand: async () => null }, { ttlSeconds: 1.5 }, /ttlSeconds must be a positive integer/],
    ['an unknown policy', { sendCommand: async () => null }, { whenUnavailable: 'maybe' as 'accept' }, /whenUnavailable/],
  ])('refuses %s at creation', (_name, client, options, message) => {
    expect(() => createRedisEventKeyStore(client as never, options)).toThrow(message);
  });
});

describe("two receiver processes sharing the Redis: the docs' snippet (snippets/redis.ts), started twice", () => {
  const processes: RunningProcess[] = [];
  let urls: string[];
  const handledLines = (eventKey: string) =>
    processes.map((p) => p.output().split('\n').filter((line) => line === `registrant.added ${eventKey}`).length);

  beforeAll(async () => {
    const snippet = path.join(__dirname, 'snippets/redis.ts');
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      processes.push(
        startProcess(process.execPath, ['-r', 'ts-node/register/transpile-only', snippet], {
          cwd: path.resolve(__dirname, '../..'),
          env: { PORT: String(port), REDIS_URL: redis.url, GOTO_WEBHOOK_SECRET: SNIPPET_SECRET },
        }),
      );
    }
    urls = ports.map((port) => `http://127.0.0.1:${port}/goto/webhooks`);
    await Promise.all(urls.map((url, i) => waitForHttp(url, processes[i]!)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  test('an event handled by one process is a duplicate at the other', async () => {
    const eventKey = randomUUID();
    expect(await answer(urls[0]!, eventKey)).toEqual([200, { ok: true }]);
    expect(await answer(urls[1]!, eventKey)).toEqual([200, { ok: true, duplicate: true }]);
    expect(await answer(urls[0]!, eventKey)).toEqual([200, { ok: true, duplicate: true }]);
    expect(handledLines(eventKey)).toEqual([1, 0]);
  });

  test('20 events, each delivered to both processes at the same moment: each is handled once in all', async () => {
    const keys = Array.from({ length: 20 }, () => randomUUID());
    const answers = await Promise.all(keys.flatMap((key) => urls.map((url) => answer(url, key))));
    for (let i = 0; i < keys.length; i++) {
      const pair = [answers[2 * i]!, answers[2 * i + 1]!];
      // One handled it; the other found it handled, or still being handled (409: GoTo delivers it again).
      expect(pair.filter(([status, body]) => status === 200 && !(body as { duplicate?: boolean }).duplicate)).toHaveLength(1);
      for (const [status, body] of pair) {
        if (status === 409) expect(body).toMatchObject({ ok: false, error: 'EVENT_IN_PROGRESS' });
        else expect(status).toBe(200);
      }
    }
    // Redelivered now, every one is a duplicate, wherever it goes.
    for (const key of keys) expect(await answer(urls[1]!, key)).toEqual([200, { ok: true, duplicate: true }]);
    for (const key of keys) expect(handledLines(key).reduce((a, b) => a + b)).toBe(1);
  }, 30_000);
});

describe('receivers sharing the store: onEvent failing or still running', () => {
  interface Instance {
    url: string;
    handled: string[];
    errors: Array<[unknown, WebhookReceiverErrorInfo]>;
  }

  async function instance(
    onEvent: (eventKey: string) => unknown = () => undefined,
    store: RedisEventKeyStoreOptions = {},
    client?: Client,
  ): Promise<Instance> {
    const handled: string[] = [];
    const errors: Instance['errors'] = [];
    const receiver = createWebhookReceiver({
      secrets: SNIPPET_SECRET,
      dedupe: createRedisEventKeyStore(client ?? (await connect()), store),
      onEvent: async (event) => {
        await onEvent(event.eventKey!);
        handled.push(event.eventKey!);
      },
      onError: (error, info) => void errors.push([error, info]),
    });
    const server = await listen(receiver);
    servers.push(server);
    return { url: `${server.url}/goto/webhooks`, handled, errors };
  }

  test('onEvent throwing at one instance releases the event: its redelivery is handled by the other', async () => {
    const failing = await instance(() => {
      throw new Error('the database is down');
    });
    const healthy = await instance();
    const eventKey = randomUUID();
    expect(await answer(failing.url, eventKey)).toEqual([500, expect.objectContaining({ error: 'HANDLER_FAILED' })]);
    expect(failing.errors.map(([, info]) => info.stage)).toEqual(['onEvent']);
    expect(await answer(healthy.url, eventKey)).toEqual([200, { ok: true }]);
    expect(await answer(failing.url, eventKey)).toEqual([200, { ok: true, duplicate: true }]);
    expect(healthy.handled).toEqual([eventKey]);
  });

  test('while one instance is handling an event, the other answers 409 EVENT_IN_PROGRESS, then a duplicate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await instance(() => gate);
    const other = await instance();
    const eventKey = randomUUID();
    const first = answer(slow.url, eventKey);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await answer(other.url, eventKey)).toEqual([409, expect.objectContaining({ ok: false, error: 'EVENT_IN_PROGRESS' })]);
    release();
    expect(await first).toEqual([200, { ok: true }]);
    expect(await answer(other.url, eventKey)).toEqual([200, { ok: true, duplicate: true }]);
    expect([...slow.handled, ...other.handled]).toEqual([eventKey]);
  });
});

// Last: these stop the Redis server.
describe('Redis unreachable', () => {
  test('"accept" (the default) handles the event and reports the store error; "refuse" answers 500; a queued command times out', async () => {
    const failFast = await connect(); // disableOfflineQueue: commands fail at once while Redis is away
    const queueing = await connect({ disableOfflineQueue: false }); // commands wait for a reconnection
    const errorsOf = (list: Array<[unknown, WebhookReceiverErrorInfo]>) => list;
    const make = async (options: RedisEventKeyStoreOptions, client: Client) => {
      const handled: string[] = [];
      const errors: Array<[unknown, WebhookReceiverErrorInfo]> = [];
      const server = await listen(
        createWebhookReceiver({
          secrets: SNIPPET_SECRET,
          dedupe: createRedisEventKeyStore(client, options),
          onEvent: (event) => void handled.push(event.eventKey!),
          onError: (error, info) => void errors.push([error, info]),
        }),
      );
      servers.push(server);
      return { url: `${server.url}/goto/webhooks`, handled, errors: errorsOf(errors) };
    };
    const accepting = await make({}, failFast);
    const refusing = await make({ whenUnavailable: 'refuse' }, failFast);
    const waiting = await make({ commandTimeoutMs: 300 }, queueing);

    await redis.stop();
    // Both clients have seen the connection go (so the codes below are the offline ones, not a timeout by chance).
    const deadline = Date.now() + 5000;
    while ((failFast.isReady || queueing.isReady) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([failFast.isReady, queueing.isReady]).toEqual([false, false]);

    const key = randomUUID();
    expect(await answer(accepting.url, key)).toEqual([200, { ok: true }]);
    expect(accepting.handled).toEqual([key]);
    expect(accepting.errors).toHaveLength(1);
    const [error, info] = accepting.errors[0]!;
    expect(info).toEqual({ stage: 'dedupe', eventName: 'registrant.added', eventKey: key });
    expect(error).toBeInstanceOf(EventKeyStoreError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expectNoSecrets(error, [SNIPPET_SECRET]);

    expect(await answer(refusing.url, randomUUID())).toEqual([500, expect.objectContaining({ error: 'HANDLER_FAILED' })]);
    expect(refusing.handled).toEqual([]);
    expect(refusing.errors[0]![0]).toMatchObject({ code: 'STORE_UNAVAILABLE' });

    const started = Date.now();
    expect(await answer(waiting.url, randomUUID())).toEqual([200, { ok: true }]);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(waiting.errors[0]![0]).toMatchObject({ code: 'STORE_TIMEOUT', message: expect.stringMatching(/within 300 ms/) });
    expect(waiting.handled).toHaveLength(1);
  }, 30_000);
});
