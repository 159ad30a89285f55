import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TWO_CLIENTS, sharedEnv, startEnv, sleep } from './helpers';
import type { Env } from './helpers';
import type { ReceivedCallback } from '../support/callback-server';

const env: Env = sharedEnv({}, (e) => {
  e.cb.received.length = 0;
});

/** Recomputed here with node:crypto, independently of the simulator: base64(HMAC-SHA256(secret, ts + ":" + body)). */
const sign = (secret: string, ts: string, body: string): string => createHmac('sha256', secret).update(`${ts}:${body}`).digest('base64');
const posts = (): ReceivedCallback[] => env.cb.received.filter((c) => c.method === 'POST');
const newKey = async (body: Record<string, unknown> = {}): Promise<{ id: number; value: string; validFrom: string }> =>
  (await env.api('POST', '/webhooks/secretkey', { body })).json;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const int64Field = (text: string, name: string): string => {
  const m = new RegExp(`"${name}":(-?\\d+)[,}]`).exec(text);
  if (!m) throw new Error(`${name} is not a bare integer in ${text}`);
  return m[1]!;
};

describe('who receives an event', () => {
  it('one POST per ACTIVE subscription of each ACTIVE webhook of that event, to the subscription URL or else the webhook URL', async () => {
    const w = await env.createWebhook({ callbackUrl: env.hook('webhook') });
    await env.activate(w.webhookKey);
    const aliceSub = await env.subscribe(w.webhookKey);
    const bobSub = await env.subscribe(w.webhookKey, env.bob.accessToken, { callbackUrl: env.hook('bob') });
    await env.subscribe(w.webhookKey, env.alice.accessToken, { userSubscriptionState: 'INACTIVE', callbackUrl: env.hook('inactive-sub') });
    const inactive = await env.createWebhook({ callbackUrl: env.hook('inactive-webhook') });
    await env.subscribe(inactive.webhookKey);
    const otherEvent = await env.createWebhook({ callbackUrl: env.hook('other-event'), eventName: 'webinar.created' });
    await env.activate(otherEvent.webhookKey);
    await env.subscribe(otherEvent.webhookKey);

    const deliveries = await env.sim.fireEvent({ eventName: 'registrant.added' });
    expect(deliveries).toHaveLength(2);
    const byUrl = Object.fromEntries(deliveries.map((d) => [d.url, d]));
    expect(byUrl[env.hook('webhook')]).toMatchObject({ webhookKey: w.webhookKey, userSubscriptionKey: aliceSub.userSubscriptionKey, status: 200, signed: false });
    expect(byUrl[env.hook('bob')]).toMatchObject({ webhookKey: w.webhookKey, userSubscriptionKey: bobSub.userSubscriptionKey, status: 200 });
    expect(posts().map((p) => p.path).sort()).toEqual(['/bob', '/webhook']);
    for (const p of posts()) expect(p.headers['content-type']).toBe('application/json');
  });

  it('delivers nothing without subscriptions, and nothing while the webhook is INACTIVE', async () => {
    const w = await env.createWebhook();
    await env.subscribe(w.webhookKey);
    expect(await env.sim.fireEvent({ eventName: 'registrant.added' })).toEqual([]);
    await env.activate(w.webhookKey);
    expect(await env.sim.fireEvent({ eventName: 'registrant.added' })).toHaveLength(1);
  });

  it('reports a failed delivery with an error instead of a status', async () => {
    const server = http.createServer((req, res) => {
      if (req.method === 'GET') res.end();
      else req.socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const w = await env.createWebhook({ callbackUrl: url });
      await env.activate(w.webhookKey);
      await env.subscribe(w.webhookKey);
      const [d] = await env.sim.fireEvent({ eventName: 'registrant.added' });
      expect(d!.status).toBeUndefined();
      expect(d!.error).toEqual(expect.any(String));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('signature', () => {
  async function oneSubscriber(eventName = 'registrant.added'): Promise<void> {
    const w = await env.createWebhook({ eventName });
    await env.activate(w.webhookKey);
    await env.subscribe(w.webhookKey);
  }

  it('is unsigned (no signature headers) while the client has no secret key', async () => {
    await oneSubscriber();
    const [d] = await env.sim.fireEvent({ eventName: 'registrant.added' });
    expect(d!.signed).toBe(false);
    expect(posts()[0]!.headers['x-webhook-signature']).toBeUndefined();
    expect(posts()[0]!.headers['x-webhook-signature-timestamp']).toBeUndefined();
  });

  it('is base64(HMAC-SHA256(secret, timestamp + ":" + rawBody)) with the key in force', async () => {
    const key = await newKey();
    await oneSubscriber('registrant.joined');
    const [d] = await env.sim.fireEvent({ eventName: 'registrant.joined' });
    const [p] = posts();
    const ts = p!.headers['x-webhook-signature-timestamp'] as string;
    expect(ts).toMatch(ISO_MS);
    expect(p!.body).toBe(d!.body);
    expect(p!.headers['x-webhook-signature']).toBe(sign(key.value, ts, p!.body));
    expect(d).toMatchObject({ signed: true, signature: p!.headers['x-webhook-signature'], timestamp: ts, secretKeyId: key.id });
    // any change of body or timestamp breaks it
    expect(sign(key.value, ts, `${p!.body} `)).not.toBe(p!.headers['x-webhook-signature']);
  });

  it('uses the newest key whose validFrom has come: a future key waits, a new immediate key takes over', async () => {
    const first = await newKey();
    await newKey({ validFrom: new Date(Date.now() + 3600_000).toISOString() });
    await oneSubscriber();
    await env.sim.fireEvent({ eventName: 'registrant.added' });
    let p = posts().at(-1)!;
    expect(p.headers['x-webhook-signature']).toBe(sign(first.value, p.headers['x-webhook-signature-timestamp'] as string, p.body));

    const second = await newKey({ validFrom: '2020-01-01T00:00:00Z' });
    await env.sim.fireEvent({ eventName: 'registrant.added' });
    p = posts().at(-1)!;
    expect(p.headers['x-webhook-signature']).toBe(sign(second.value, p.headers['x-webhook-signature-timestamp'] as string, p.body));
  });

  it('switches to a scheduled key when its validFrom passes', async () => {
    const current = await newKey();
    const scheduled = await newKey({ validFrom: new Date(Date.now() + 200).toISOString() });
    await oneSubscriber();
    const [before] = await env.sim.fireEvent({ eventName: 'registrant.added' });
    expect(before!.secretKeyId).toBe(current.id);
    await sleep(230);
    const [after] = await env.sim.fireEvent({ eventName: 'registrant.added' });
    expect(after!.secretKeyId).toBe(scheduled.id);
    const p = posts().at(-1)!;
    expect(p.headers['x-webhook-signature']).toBe(sign(scheduled.value, p.headers['x-webhook-signature-timestamp'] as string, p.body));
  });

  it("signs with the webhook's client's key, not another client's", async () => {
    const two = await startEnv(TWO_CLIENTS);
    try {
      const k1 = (await two.api('POST', '/webhooks/secretkey', { token: 't1', body: {} })).json;
      await two.api('POST', '/webhooks/secretkey', { token: 't2', body: {} });
      const w = await two.createWebhook({}, 't1');
      await two.activate(w.webhookKey, 't1');
      await two.subscribe(w.webhookKey, 't1');
      const [d] = await two.sim.fireEvent({ eventName: 'registrant.added' });
      expect(d!.secretKeyId).toBe(k1.id);
      expect(d!.signature).toBe(sign(k1.value, d!.timestamp!, d!.body));
    } finally {
      await two.stop();
    }
  });
});

describe('payloads', () => {
  beforeEach(async () => {
    for (const eventName of ['registrant.added', 'registrant.joined', 'webinar.created', 'webinar.changed', 'survey.submitted']) {
      const w = await env.createWebhook({ eventName, callbackUrl: env.hook(eventName) });
      await env.activate(w.webhookKey);
      await env.subscribe(w.webhookKey);
    }
  });

  const common = { eventVersion: '1.0.0', product: 'g2w' };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it.each([
    ['registrant.added', ['firstName', 'lastName', 'email', 'registrationDate', 'status', 'webinarKey', 'webinarTitle', 'experienceType', 'recurrenceType', 'webinarCreatorKey', 'joinUrl', 'registrantKey', 'responses'], ['webinarKey', 'registrantKey', 'webinarCreatorKey']],
    ['registrant.joined', ['firstName', 'lastName', 'email', 'webinarKey', 'sessionKey', 'webinarTitle', 'registrantKey', 'joinTime'], ['webinarKey', 'sessionKey', 'registrantKey']],
    ['webinar.created', ['accountKey', 'organizerKey', 'webinarKey', 'webinarTitle', 'description', 'experienceType', 'recurrenceType', 'recurrenceKey', 'webinarCreationDate', 'status', 'times', 'timeZone'], ['accountKey', 'organizerKey', 'webinarKey', 'recurrenceKey']],
    ['webinar.changed', ['accountKey', 'organizerKey', 'webinarKey', 'status', 'times', 'timeZone'], ['accountKey', 'organizerKey', 'webinarKey']],
    ['survey.submitted', ['webinarKey', 'registrantKey', 'surveyKey', 'email', 'responses'], ['webinarKey', 'registrantKey', 'surveyKey']],
  ] as const)('%s is flat JSON with the documented fields and 64-bit keys as bare literals', async (eventName, fields, keys) => {
    const deliveries = await env.sim.fireEvent({ eventName });
    expect(deliveries).toHaveLength(1);
    const text = posts().find((p) => p.path === `/${eventName}`)!.body;
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ eventName, ...common, eventKey: expect.stringMatching(UUID), timestamp: expect.stringMatching(ISO_MS) });
    for (const f of fields) expect(parsed).toHaveProperty(f);
    for (const k of keys) {
      const literal = int64Field(text, k);
      expect(BigInt(literal) > 2n ** 53n).toBe(true);
      // beyond JS's safe integers: JSON.parse cannot hold it exactly, which is the point
      expect(Number.isSafeInteger(parsed[k])).toBe(false);
    }
  });

  it('webinar.created is NEW and webinar.changed UPDATED, with the subscriber as organizer', async () => {
    await env.sim.fireEvent({ eventName: 'webinar.created' });
    await env.sim.fireEvent({ eventName: 'webinar.changed' });
    const created = posts().find((p) => p.path === '/webinar.created')!.body;
    const changed = posts().find((p) => p.path === '/webinar.changed')!.body;
    expect(JSON.parse(created).status).toBe('NEW');
    expect(JSON.parse(changed).status).toBe('UPDATED');
    expect(int64Field(created, 'organizerKey')).toBe(env.alice.userKey);
    expect(int64Field(created, 'accountKey')).toBe(env.alice.accountKey);
    expect(JSON.parse(created).times[0]).toEqual({ startTime: expect.stringMatching(ISO_MS), endTime: expect.stringMatching(ISO_MS) });
  });

  it('payload overrides fields; an all-digit key stays a bare integer literal; extras are appended', async () => {
    const big = '9223372036854775807';
    const [d] = await env.sim.fireEvent({
      eventName: 'webinar.changed',
      payload: { webinarKey: big, organizerKey: 8250000000000000999n as unknown as string, status: 'DELETED', webinarTitle: '123', custom: { nested: true } },
    });
    expect(d!.body).toContain(`"webinarKey":${big},`);
    expect(d!.body).toContain('"organizerKey":8250000000000000999,');
    expect(d!.body).toContain('"webinarTitle":"123"'); // not a key field: stays a string
    expect(d!.body).toMatch(/"custom":\{"nested":true\}\}$/);
    expect(JSON.parse(d!.body).status).toBe('DELETED');
    expect(posts().at(-1)!.body).toBe(d!.body);
  });

  it('a non-digit override of a key field stays a string', async () => {
    const [d] = await env.sim.fireEvent({ eventName: 'registrant.added', payload: { registrantKey: 'abc' } });
    expect(d!.body).toContain('"registrantKey":"abc"');
  });
});

describe('POST /_sim/events', () => {
  it('fires like fireEvent and answers {deliveries}', async () => {
    const key = await newKey();
    const w = await env.createWebhook({ eventName: 'survey.submitted' });
    await env.activate(w.webhookKey);
    await env.subscribe(w.webhookKey);
    const r = await env.call('POST', '/_sim/events', { body: { eventName: 'survey.submitted', payload: { surveyKey: '8999999999999999999' } } });
    expect(r.status).toBe(200);
    expect(r.json.deliveries).toHaveLength(1);
    const d = r.json.deliveries[0];
    expect(d).toMatchObject({ url: env.hook(), webhookKey: w.webhookKey, status: 200, signed: true });
    expect(d.body).toContain('"surveyKey":8999999999999999999');
    expect(d.signature).toBe(sign(key.value, d.timestamp, d.body));
  });

  it.each([[{ eventName: 'registrant.deleted' }], [{}], [{ eventName: 'registrant.added', payload: [1] }], [{ eventName: 'registrant.added', extra: 1 }], [[]]])(
    'answers 400 for %j',
    async (body) => {
      const r = await env.call('POST', '/_sim/events', { body });
      expect(r.status).toBe(400);
    },
  );

  it('fireEvent rejects an unknown eventName', async () => {
    await expect(env.sim.fireEvent({ eventName: 'nope' as never })).rejects.toThrow(/eventName/);
  });
});
