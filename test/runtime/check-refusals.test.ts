/**
 * Bad input is refused at check, with nothing sent: a table of malformed inputs across the three resources and the
 * root stack's config. Each must fail naming the property (or config key) with a reason that says what to fix,
 * and the simulator must have seen no request at all. No secret from an input may appear in a reason.
 */
import { configure, providers } from '../../provider/runtime';
import { parseStackConfig, StackConfigError } from '../../stack/config';
import { PROJECT } from '../../stack/types';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
  const config: Record<string, string> = { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl };
  await configure({ config: { get: (k) => config[k] } });
  sim.clearRequests();
});
afterAll(() => sim.stop());

const HOOK = { eventName: 'registrant.added', callbackUrl: 'https://hooks.example.com/goto/registrations' };
const SUB = { webhookKey: '8250000000000000123' };
const long = (n: number) => `https://hooks.example.com/${'a'.repeat(n)}`;

type Case = [resource: 'webhook' | 'userSubscription' | 'secretKey', bad: Record<string, unknown>, property: string, reason: RegExp];

const cases: Case[] = [
  ['webhook', { eventName: 'registrant.deleted' }, 'eventName', /must be one of/],
  ['webhook', { eventName: 42 }, 'eventName', /must be one of/],
  ['webhook', { eventName: undefined }, 'eventName', /is required/],
  ['webhook', { callbackUrl: undefined }, 'callbackUrl', /is required/],
  ['webhook', { callbackUrl: 'http://hooks.example.com/x' }, 'callbackUrl', /must be https/],
  ['webhook', { callbackUrl: 'ftp://hooks.example.com/x' }, 'callbackUrl', /must be https/],
  ['webhook', { callbackUrl: 'not a url' }, 'callbackUrl', /whitespace/],
  ['webhook', { callbackUrl: 'hooks.example.com/x' }, 'callbackUrl', /absolute https URL/],
  ['webhook', { callbackUrl: '' }, 'callbackUrl', /must not be empty/],
  ['webhook', { callbackUrl: '   ' }, 'callbackUrl', /must not be empty/],
  ['webhook', { callbackUrl: 42 }, 'callbackUrl', /must be a string/],
  ['webhook', { callbackUrl: ['https://a.example.com'] }, 'callbackUrl', /must be a string, got (an array|a list)/],
  ['webhook', { callbackUrl: 'https://user:hunter2@hooks.example.com/x' }, 'callbackUrl', /must not carry credentials/],
  ['webhook', { callbackUrl: 'https://token@hooks.example.com/x' }, 'callbackUrl', /must not carry credentials/],
  ['webhook', { callbackUrl: 'https://hooks.example.com/x\nInjected: header' }, 'callbackUrl', /control characters/],
  ['webhook', { callbackUrl: 'https://hooks.exa\tmple.com/x' }, 'callbackUrl', /control characters/],
  ['webhook', { callbackUrl: 'https://hooks.example.com/x\u0000' }, 'callbackUrl', /control characters/],
  ['webhook', { callbackUrl: long(10_000) }, 'callbackUrl', /at most 2048 characters/],
  ['webhook', { webhookState: 'ENABLED' }, 'webhookState', /"ACTIVE", "INACTIVE"/],
  ['webhook', { webhookState: 'active' }, 'webhookState', /"ACTIVE", "INACTIVE"/],
  ['webhook', { eventVersion: '2.0.0' }, 'eventVersion', /"1.0.0"/],
  ['webhook', { product: 'g2m' }, 'product', /"g2w"/],
  ['webhook', { webhookKey: '' }, 'webhookKey', /must not be empty/],
  ['webhook', { webhookKey: 8250000000000000123 }, 'webhookKey', /must be a GoTo key \(a string/],
  ['webhook', { webhookKey: 'abc def' }, 'webhookKey', /whitespace or control characters/],
  ['webhook', { webhookKey: 'k'.repeat(201) }, 'webhookKey', /at most 200 characters/],
  ['webhook', { organizer: 'no spaces please' }, 'organizer', /credentials profile/],
  ['webhook', { callbackURL: 'https://x.example.com' }, 'callbackURL', /not a property of this resource/],
  ['webhook', { constructor: 'x' }, 'constructor', /not a property of this resource/],
  ['webhook', { toString: 'x' }, 'toString', /not a property of this resource/],
  ['webhook', { hasOwnProperty: 'x' }, 'hasOwnProperty', /not a property of this resource/],
  ['userSubscription', { webhookKey: undefined }, 'webhookKey', /is required/],
  ['userSubscription', { webhookKey: '' }, 'webhookKey', /must not be empty/],
  ['userSubscription', { webhookKey: 'a\nb' }, 'webhookKey', /control characters/],
  ['userSubscription', { subscriptionKey: {} }, 'subscriptionKey', /must be a GoTo key/],
  ['userSubscription', { userSubscriptionState: 'PAUSED' }, 'userSubscriptionState', /"ACTIVE", "INACTIVE"/],
  ['userSubscription', { callbackUrl: 'http://hooks.example.com/x' }, 'callbackUrl', /must be https/],
  ['userSubscription', { callbackUrl: 'https://u:p@hooks.example.com/x' }, 'callbackUrl', /must not carry credentials/],
  ['userSubscription', { organizer: '../etc' }, 'organizer', /credentials profile/],
  ['userSubscription', { constructor: 'x' }, 'constructor', /not a property of this resource/],
  ['userSubscription', { eventName: 'registrant.added' }, 'eventName', /not (a property|an input) of this resource/],
  ['secretKey', { validFrom: 'tomorrow' }, 'validFrom', /ISO 8601/],
  ['secretKey', { validFrom: '2026-12-01' }, 'validFrom', /ISO 8601/],
  ['secretKey', { validFrom: '2026-12-01T00:00:00' }, 'validFrom', /ISO 8601/],
  ['secretKey', { validFrom: '2026-13-01T00:00:00Z' }, 'validFrom', /ISO 8601/],
  ['secretKey', { validFrom: '0000-01-01T00:00:00Z' }, 'validFrom', /1970-01-01T00:00:00Z or later/],
  ['secretKey', { validFrom: '0000-01-01t00:00z' }, 'validFrom', /1970-01-01T00:00:00Z or later/],
  ['secretKey', { validFrom: '1969-12-31T23:59:59Z' }, 'validFrom', /1970-01-01T00:00:00Z or later/],
  ['secretKey', { validFrom: '1970-01-01T05:00:00+05:30' }, 'validFrom', /\(1969-12-31T23:30:00\.000Z in UTC\)/],
  ['secretKey', { validFrom: '+002026-12-01T00:00:00Z' }, 'validFrom', /four-digit year/],
  ['secretKey', { validFrom: '-000001-12-01T00:00:00Z' }, 'validFrom', /four-digit year/],
  ['secretKey', { validFrom: '99999-12-01T00:00:00Z' }, 'validFrom', /four-digit year/],
  ['secretKey', { validFrom: '2026-02-29T00:00:00Z' }, 'validFrom', /no day 29 in 2026-02/],
  ['secretKey', { validFrom: '2026-12-31T23:59:60Z' }, 'validFrom', /no second 60/],
  ['secretKey', { validFrom: '2026-12-01T00:00:00.1234Z' }, 'validFrom', /precise to the millisecond/],
  ['secretKey', { validFrom: '9999-12-31T23:59:59.999+00:00' }, 'validFrom', /at most 366 days ahead/],
  ['webhook', { callbackUrl: 'https://hooks.example.com./x' }, 'callbackUrl', /must not end its host with a dot/],
  ['webhook', { callbackUrl: 'https://\uff48ooks.example.com/x' }, 'callbackUrl', /read by the URL parser as "https:\/\/hooks\.example\.com\/x"/],
  ['webhook', { callbackUrl: 'https://b\u00fccher.example/a|b{c}' }, 'callbackUrl', /read by the URL parser as "https:\/\/xn--bcher-kva\.example\/a\|b%7Bc%7D"/],
  ['userSubscription', { callbackUrl: 'https://b\u00fccher\u3002example/x' }, 'callbackUrl', /read by the URL parser as "https:\/\/xn--bcher-kva\.example\/x"/],
  ['userSubscription', { callbackUrl: 'https://xn--bcher-kva.example./x' }, 'callbackUrl', /must not end its host with a dot/],
  ['secretKey', { rotation: '' }, 'rotation', /must not be empty/],
  ['secretKey', { rotation: 7 }, 'rotation', /must be a string/],
  ['secretKey', { toString: 'x' }, 'toString', /not a property of this resource/],
];

const base = { webhook: HOOK, userSubscription: SUB, secretKey: {} };

test.each(cases)('%s %j is refused at check, naming %s', async (resource, bad, property, reason) => {
  const news = { ...base[resource], ...bad };
  for (const [k, v] of Object.entries(bad)) if (v === undefined) delete (news as Record<string, unknown>)[k];
  const { failures } = await providers[resource].check({}, news);
  expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  expect(failures[0].reason).not.toContain('hunter2');
  expect(failures[0].reason).not.toMatch(/\/\/u:p@/);
});

/** Inputs that only look different from their parsed form (issue 25): accepted, in the form GoTo is sent. */
const accepted: Array<[resource: 'webhook' | 'userSubscription' | 'secretKey', written: Record<string, string>, stored: Record<string, string>]> = [
  ['webhook', { callbackUrl: 'https://b\u00fccher.example/goto' }, { callbackUrl: 'https://xn--bcher-kva.example/goto' }],
  ['webhook', { callbackUrl: 'HTTPS://B\u00dcCHER.Example:443' }, { callbackUrl: 'https://xn--bcher-kva.example/' }],
  ['webhook', { callbackUrl: 'https://\u0444\u0443\u043a.example/\u0445\u0443\u043a?\u0438=1' }, { callbackUrl: 'https://xn--j1arc.example/%D1%85%D1%83%D0%BA?%D0%B8=1' }],
  ['userSubscription', { callbackUrl: 'https://\u2603.example:8443/cb' }, { callbackUrl: 'https://xn--n3h.example:8443/cb' }],
  ['userSubscription', { callbackUrl: 'Https://Hooks.Example.com:/cb' }, { callbackUrl: 'Https://Hooks.Example.com:/cb' }],
  ['secretKey', { validFrom: '1970-01-01T00:00:00Z' }, { validFrom: '1970-01-01T00:00:00Z' }],
  ['secretKey', { validFrom: '2025-06-01t00:00:00.5-0230' }, { validFrom: '2025-06-01t00:00:00.5-0230' }],
];

test.each(accepted)('%s %j is accepted at check, stored as %j', async (resource, written, stored) => {
  const { inputs, failures } = await providers[resource].check({}, { ...base[resource], ...written });
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject(stored);
});

const NS = PROJECT;
const goodConfig = {
  [`${NS}:callbackBaseUrl`]: 'https://hooks.example.com/goto',
  [`${NS}:webhooks`]: JSON.stringify({ registrations: { event: 'registrant.added' } }),
};

const configCases: Array<[overrides: Record<string, string>, key: string, reason: RegExp]> = [
  [{ [`${NS}:callbackBaseUrl`]: 'http://hooks.example.com/goto' }, 'callbackBaseUrl', /must be https/],
  [{ [`${NS}:callbackBaseUrl`]: 'https://user:pw@hooks.example.com/goto' }, 'callbackBaseUrl', /must not carry credentials/],
  [{ [`${NS}:callbackBaseUrl`]: 'https://hooks.exa\nmple.com/goto' }, 'callbackBaseUrl', /control characters/],
  [{ [`${NS}:callbackBaseUrl`]: long(5000) }, 'callbackBaseUrl', /at most 1024 characters/],
  [{ [`${NS}:callbackBaseUrl`]: 'https://hooks.example.com/goto?x=1' }, 'callbackBaseUrl', /query or fragment/],
  [{ [`${NS}:webhooks`]: JSON.stringify({ registrations: { event: 'registrant.add' } }) }, 'webhooks.registrations.event', /must be one of/],
  [{ [`${NS}:webhooks`]: JSON.stringify({ Registrations: { event: 'registrant.added' } }) }, 'webhooks.Registrations', /lower-case/],
  [{ [`${NS}:webhooks`]: JSON.stringify({ r: { event: 'registrant.added', path: '../x' } }) }, 'webhooks.r.path', /must be a URL path/],
  [{ [`${NS}:webhooks`]: JSON.stringify({}) }, 'webhooks', /declares no webhook/],
  [{ [`${NS}:subscriptions`]: JSON.stringify({ alice: ['registration'] }) }, 'subscriptions.alice[0]', /must name a webhook declared/],
  [{ [`${NS}:secretKey`]: JSON.stringify({ validFrom: 'soon' }) }, 'secretKey.validFrom', /ISO 8601/],
  [{ [`${NS}:secretKey`]: JSON.stringify({ validFrom: '0000-01-01T00:00:00Z' }) }, 'secretKey.validFrom', /1970-01-01T00:00:00Z or later/],
  [{ [`${NS}:secretKey`]: JSON.stringify({ validFrom: '+002026-12-01T00:00:00Z' }) }, 'secretKey.validFrom', /four-digit year/],
  [{ [`${NS}:secretKey`]: JSON.stringify({ validFrom: '2026-02-30T00:00:00Z' }) }, 'secretKey.validFrom', /no day 30/],
  [{ [`${NS}:callbackBaseUrl`]: 'https://hooks.example.com./goto' }, 'callbackBaseUrl', /must not end its host with a dot/],
  [{ [`${NS}:callbackBaseUrl`]: 'https://\ufb01le.example/goto' }, 'callbackBaseUrl', /read by the URL parser/],
  [{ [`${NS}:accessToken`]: 'x' }, 'accessToken', /is a provider setting: use gotowebinar:accessToken/],
];

test.each(configCases)('stack config %j is refused before anything is registered, naming %s', (overrides, key, reason) => {
  let error: unknown;
  try {
    parseStackConfig({ ...goodConfig, ...overrides });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StackConfigError);
  expect((error as StackConfigError).issues).toEqual(expect.arrayContaining([{ key: `${NS}:${key}`, message: expect.stringMatching(reason) }]));
  expect((error as Error).message).not.toContain('user:pw');
});

test.each([
  ['https://b\u00fccher.example/goto', 'https://xn--bcher-kva.example/goto'],
  ['HTTPS://B\u00dcCHER.EXAMPLE:443/goto/', 'https://xn--bcher-kva.example/goto'],
])('stack config callbackBaseUrl %j is accepted, as %j', (written, stored) => {
  expect(parseStackConfig({ ...goodConfig, [`${NS}:callbackBaseUrl`]: written }).callbackBaseUrl).toBe(stored);
});

test(`all ${cases.length + configCases.length} refusals and ${accepted.length} acceptances sent nothing to the API`, () => {
  expect(cases.length + configCases.length).toBeGreaterThanOrEqual(40);
  expect(sim.requests()).toEqual([]);
});
