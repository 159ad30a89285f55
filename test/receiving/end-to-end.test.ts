/**
 * End to end: the project's GoTo simulator (a separate implementation of the signing side) delivers each of the five
 * events to a running receiver, set up exactly as an application would against GoTo's API, with plain fetch:
 * secret key, webhooks (validated by GET), activation, user subscriptions. The receiver must verify and decode
 * every delivery, with the 64-bit keys exact.
 */
import {
  createWebhookReceiver,
  isKnownWebhookEvent,
  type WebhookEvent,
  type WebhookEventContext,
  type WebhookRequestHandler,
} from '../../provider/receiving';
import { parseJsonExact } from '../../provider/receiving/exact-json';
import { startSimulator } from '../../simulator';
import type { EventName, RunningSimulator } from '../../simulator/types';
import { listen, type Listening } from './listen';

const EVENT_NAMES: EventName[] = ['registrant.added', 'registrant.joined', 'webinar.created', 'webinar.changed', 'survey.submitted'];

let sim: RunningSimulator;
let server: Listening;
let token: string;
/** The handler the server delegates to: swapped during the key-rotation test. */
let current: WebhookRequestHandler;
const received: Array<{ event: WebhookEvent; context: WebhookEventContext }> = [];
let firstSecret: string;

/** Calls the simulator's API like an application would; bodies are read keeping 64-bit integers exact. */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sim.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? parseJsonExact(text) : undefined };
}

function receiverWith(secrets: string | string[]): WebhookRequestHandler {
  return createWebhookReceiver({
    secrets,
    onEvent: (event, context) => void received.push({ event, context }),
  });
}

/** The bare integer literal of `field` in a delivered body, read from the text (independently of the parser). */
function literalIn(body: string, field: string): string | undefined {
  return new RegExp(`"${field}":(-?\\d+)[,}]`).exec(body)?.[1];
}

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  token = sim.users[0]!.accessToken;

  const secret = await api('POST', '/webhooks/secretkey', {});
  expect(secret.status).toBe(200);
  firstSecret = secret.body.value;
  expect(typeof firstSecret).toBe('string');

  current = receiverWith(firstSecret);
  server = await listen((req, res) => current(req, res));

  // One webhook per event; GoTo validates each callbackUrl with a GET the receiver answers 200.
  const created = await api(
    'POST',
    '/webhooks',
    EVENT_NAMES.map((eventName) => ({
      callbackUrl: `${server.url}/goto/webhooks`,
      eventName,
      eventVersion: '1.0.0',
      product: 'g2w',
    })),
  );
  expect(created.status).toBe(200);
  const webhooks: Array<{ webhookKey: string; eventName: string }> = created.body._embedded.webhooks;
  expect(webhooks.map((w) => w.eventName).sort()).toEqual([...EVENT_NAMES].sort());

  const activated = await api('PUT', '/webhooks', webhooks.map((w) => ({ webhookKey: w.webhookKey, state: 'ACTIVE' })));
  expect(activated.status).toBe(204);

  const subscribed = await api('POST', '/userSubscriptions', webhooks.map((w) => ({ webhookKey: w.webhookKey })));
  expect(subscribed.status).toBe(200);
  expect(subscribed.body._embedded.userSubscriptions).toHaveLength(EVENT_NAMES.length);
});

afterAll(async () => {
  await server?.stop();
  await sim?.stop();
});

beforeEach(() => {
  received.length = 0;
});

describe.each(EVENT_NAMES)('%s', (eventName) => {
  test('is delivered signed, verified, and decoded with exact keys', async () => {
    const deliveries = await sim.fireEvent({ eventName });
    expect(deliveries).toHaveLength(1);
    const delivery = deliveries[0]!;
    expect(delivery).toMatchObject({ signed: true, status: 200 });
    expect(received).toHaveLength(1);
    const { event, context } = received[0]!;

    expect(event.eventName).toBe(eventName);
    expect(isKnownWebhookEvent(event)).toBe(true);
    expect(event).toMatchObject({ eventVersion: '1.0.0', product: 'g2w' });
    expect(event.eventKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(context).toMatchObject({ secretIndex: 0, timestamp: delivery.timestamp });
    expect(context.rawBody.toString('utf8')).toBe(delivery.body);

    // Every …Key the simulator wrote as a bare integer arrives as the same digits, as a string.
    const keyFields = [...delivery.body.matchAll(/"(\w+Key)":(-?\d+)[,}]/g)].map((m) => m[1]!);
    expect(keyFields.length).toBeGreaterThan(0);
    const flat = event as unknown as Record<string, unknown>;
    for (const field of new Set(keyFields)) {
      if (!(field in flat)) continue; // nested keys (responses[].questionKey) are checked below
      const literal = literalIn(delivery.body, field)!;
      expect(flat[field]).toBe(literal);
      expect(Number.isSafeInteger(Number(literal))).toBe(false); // JSON.parse would have rounded it
    }
  });
});

test('survey.submitted: nested question keys are exact too', async () => {
  const [delivery] = await sim.fireEvent({ eventName: 'survey.submitted' });
  const event = received[0]!.event;
  if (!isKnownWebhookEvent(event) || event.eventName !== 'survey.submitted') throw new Error(`unexpected ${event.eventName}`);
  const literals = [...delivery!.body.matchAll(/"questionKey":(\d+)/g)].map((m) => m[1]);
  expect(literals).toHaveLength(2);
  expect(event.responses?.map((r) => r.questionKey)).toEqual(literals);
});

test('webinar.created: organizer keys are those of the subscribing user', async () => {
  await sim.fireEvent({ eventName: 'webinar.created' });
  const event = received[0]!.event;
  if (!isKnownWebhookEvent(event) || event.eventName !== 'webinar.created') throw new Error(`unexpected ${event.eventName}`);
  expect(event.organizerKey).toBe(sim.users[0]!.userKey);
  expect(event.status).toBe('NEW');
  expect(event.times[0]).toEqual({ startTime: expect.any(String), endTime: expect.any(String) });
});

test('a replayed delivery (same body and headers) is answered 200 as a duplicate, not handled again', async () => {
  const [delivery] = await sim.fireEvent({ eventName: 'registrant.added' });
  expect(received).toHaveLength(1);
  const replay = await fetch(delivery!.url, {
    method: 'POST',
    body: delivery!.body,
    headers: {
      'content-type': 'application/json',
      'x-webhook-signature': delivery!.signature!,
      'x-webhook-signature-timestamp': delivery!.timestamp!,
    },
  });
  expect(replay.status).toBe(200);
  expect(await replay.json()).toEqual({ ok: true, duplicate: true });
  expect(received).toHaveLength(1);
});

test('payload overrides from fireEvent come through, e.g. a deletion and a chosen key', async () => {
  // The simulator writes an all-digit string under a …Key name as a bare 64-bit literal.
  await sim.fireEvent({ eventName: 'webinar.changed', payload: { status: 'DELETED', webinarKey: '9223372036854775807' } });
  const event = received[0]!.event;
  if (!isKnownWebhookEvent(event) || event.eventName !== 'webinar.changed') throw new Error(`unexpected ${event.eventName}`);
  expect(event.status).toBe('DELETED');
  expect(event.webinarKey).toBe('9223372036854775807');
});

test('key rotation: a new secret key is refused by a receiver that only knows the old one, accepted with both', async () => {
  const rotated = await api('POST', '/webhooks/secretkey', {});
  expect(rotated.status).toBe(200);
  const newSecret: string = rotated.body.value;
  expect(newSecret).not.toBe(firstSecret);

  const refused = await sim.fireEvent({ eventName: 'registrant.joined' });
  expect(refused[0]).toMatchObject({ signed: true, status: 401 });
  expect(received).toHaveLength(0);

  current = receiverWith([firstSecret, newSecret]);
  const accepted = await sim.fireEvent({ eventName: 'registrant.joined' });
  expect(accepted[0]).toMatchObject({ status: 200 });
  expect(received).toHaveLength(1);
  expect(received[0]!.context.secretIndex).toBe(1);
});
