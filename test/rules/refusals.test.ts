/**
 * Issue 18's classes, as a table of new inputs run through the real checks: the resources' `check` (what the
 * engine calls before anything is sent) and `parseStackConfig` (what the root stack runs before registering
 * anything). Each refusal must name the property or config key it is about and say what to write; each
 * acceptance must stay accepted. The classes:
 *
 * - differs: accepted, and the deployment silently differs (fragments, URLs the parser reads otherwise than
 *   written, keys that are dot segments, organizer names that are object members or collide, hidden characters);
 * - late: checked too late (callback URLs derived by the stack, unbounded rotation texts and validFrom);
 * - forged: messages that user text could forge (new lines, invisible characters, megabytes of text).
 *
 * Rows marked `wiring` go through the SecretKey resource's `rotation` and `validFrom`, which take the rules'
 * `rotation` and `keyValidFrom` once the resource's declaration uses them (provider/declarations/secret-key.ts).
 */
import { providers } from '../../provider/runtime';
import { parseStackConfig, StackConfigError } from '../../stack/config';

type Resource = 'webhook' | 'userSubscription' | 'secretKey';
type Class = 'differs' | 'late' | 'forged';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MiB = 1 << 20;
/** Test titles: inputs in JSON, anything outside printable ASCII escaped, cut. */
const title = (v: unknown) =>
  JSON.stringify(v)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .slice(0, 100);
const FORGED = '\n  - gotowebinar-webhooks:callbackBaseUrl: forged';

// ---- the resources' check -------------------------------------------------------------------------------------

interface ResourceRefusal {
  cls: Class;
  resource: Resource;
  inputs: Record<string, unknown>;
  /** The property the failure must name (as the failure's `property` shows it). */
  property: string;
  reason: RegExp;
  wiring?: true;
}

const base: Record<Resource, Record<string, unknown>> = {
  webhook: { eventName: 'registrant.added', callbackUrl: 'https://hooks.example.com/goto/registrations' },
  userSubscription: { webhookKey: '8250000000000000123' },
  secretKey: {},
};

const url = (callbackUrl: string): Record<string, unknown> => ({ callbackUrl });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const READ_AS = (href: string) => new RegExp(`read by the URL parser as ${escapeRegExp(JSON.stringify(href))}, not as written`);
const HIDDEN = (code: string) => new RegExp(`control characters, nor invisible characters: found U\\+${code}`);
const DOT = /cannot be ".*": in a request path that means the current or parent folder.*exactly as GoTo returned it/;
const MEMBER = /which every JavaScript object already has .*choose another name/;

const refusals: ResourceRefusal[] = [
  // Fragments: never sent by any HTTP client.
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/x#frag'), property: 'callbackUrl', reason: /must not have a fragment.*Remove it/ },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/x#'), property: 'callbackUrl', reason: /must not have a fragment/ },
  { cls: 'differs', resource: 'userSubscription', inputs: url('https://hooks.example.com/cb?a=1#top'), property: 'callbackUrl', reason: /must not have a fragment/ },
  // Stored in one form, called in another.
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com\\x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https:hooks.example.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https:\\\\hooks.example.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https:///hooks.example.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://0xC0.0xA8.0.1/x'), property: 'callbackUrl', reason: READ_AS('https://192.168.0.1/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.ex%61mple.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://\uff48ooks.example.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/a/%2e%2e/admin'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/admin') },
  { cls: 'differs', resource: 'userSubscription', inputs: url('https://hooks.example.com/a/./b'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/a/b') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://@hooks.example.com/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com:00443/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/a{b}'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/a%7Bb%7D') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com:0/x'), property: 'callbackUrl', reason: /must not use port 0/ },
  { cls: 'differs', resource: 'userSubscription', inputs: url('http://127.0.0.1:0/goto'), property: 'callbackUrl', reason: /must not use port 0/ },
  // Hidden characters in URLs (the parser drops some of them from hosts).
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.exa\u200bmple.com/x'), property: 'callbackUrl', reason: HIDDEN('200B') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/x\u00ad'), property: 'callbackUrl', reason: HIDDEN('00AD') },
  { cls: 'differs', resource: 'userSubscription', inputs: url('https://hooks.example.com/\u202egoto'), property: 'callbackUrl', reason: HIDDEN('202E') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/a\u2060b'), property: 'callbackUrl', reason: HIDDEN('2060') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/x\ufeff'), property: 'callbackUrl', reason: HIDDEN('FEFF') },
  { cls: 'differs', resource: 'webhook', inputs: url('https://hooks.example.com/x\u0085'), property: 'callbackUrl', reason: HIDDEN('0085') },
  { cls: 'differs', resource: 'userSubscription', inputs: url('https://hooks.example.com/\u009b31m'), property: 'callbackUrl', reason: HIDDEN('009B') },
  // Keys that are dot segments, or hidden characters.
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '.' }, property: 'webhookKey', reason: DOT },
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '..' }, property: 'webhookKey', reason: DOT },
  { cls: 'differs', resource: 'userSubscription', inputs: { webhookKey: '..' }, property: 'webhookKey', reason: DOT },
  { cls: 'differs', resource: 'userSubscription', inputs: { subscriptionKey: '%2e' }, property: 'subscriptionKey', reason: DOT },
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '%2E%2e' }, property: 'webhookKey', reason: DOT },
  { cls: 'differs', resource: 'userSubscription', inputs: { subscriptionKey: '.%2E' }, property: 'subscriptionKey', reason: DOT },
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '\u200b' }, property: 'webhookKey', reason: HIDDEN('200B') },
  { cls: 'differs', resource: 'userSubscription', inputs: { webhookKey: '\u0000' }, property: 'webhookKey', reason: HIDDEN('0000') },
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '825\u00850' }, property: 'webhookKey', reason: HIDDEN('0085') },
  { cls: 'differs', resource: 'userSubscription', inputs: { subscriptionKey: '\u2066123\u2069' }, property: 'subscriptionKey', reason: HIDDEN('2066') },
  { cls: 'differs', resource: 'webhook', inputs: { webhookKey: '123\u200d' }, property: 'webhookKey', reason: HIDDEN('200D') },
  // Organizer names that every object has.
  { cls: 'differs', resource: 'webhook', inputs: { organizer: 'constructor' }, property: 'organizer', reason: MEMBER },
  { cls: 'differs', resource: 'userSubscription', inputs: { organizer: 'toString' }, property: 'organizer', reason: MEMBER },
  { cls: 'differs', resource: 'webhook', inputs: { organizer: 'valueOf' }, property: 'organizer', reason: MEMBER },
  { cls: 'differs', resource: 'secretKey', inputs: { organizer: 'hasOwnProperty' }, property: 'organizer', reason: MEMBER },
  { cls: 'differs', resource: 'userSubscription', inputs: { organizer: 'isPrototypeOf' }, property: 'organizer', reason: MEMBER },
  { cls: 'differs', resource: 'secretKey', inputs: { organizer: 'toLocaleString' }, property: 'organizer', reason: MEMBER },
  // Rotation and validFrom: hidden characters, and bounds.
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '\u0000' }, property: 'rotation', reason: HIDDEN('0000'), wiring: true },
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '\u200b\u200b' }, property: 'rotation', reason: HIDDEN('200B'), wiring: true },
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '2026-01\u0085' }, property: 'rotation', reason: HIDDEN('0085'), wiring: true },
  { cls: 'late', resource: 'secretKey', inputs: { rotation: 'r'.repeat(MiB) }, property: 'rotation', reason: /at most 256 characters, got 1048576/, wiring: true },
  { cls: 'late', resource: 'secretKey', inputs: { validFrom: '9999-12-31T23:59:59Z' }, property: 'validFrom', reason: /at most 366 days ahead.*never take over/, wiring: true },
  { cls: 'late', resource: 'secretKey', inputs: { validFrom: inDays(400) }, property: 'validFrom', reason: /at most 366 days ahead/, wiring: true },
  // Messages user text could forge: one value is one line, and short.
  { cls: 'forged', resource: 'webhook', inputs: { [`a${FORGED}`]: 'x' }, property: JSON.stringify(`a${FORGED}`), reason: /^"a\\n  - gotowebinar-webhooks:callbackBaseUrl: forged" is not/ },
  { cls: 'forged', resource: 'userSubscription', inputs: { ['p'.repeat(MiB)]: 'x' }, property: `"${'p'.repeat(79)}…" (cut: 1048576 characters)`, reason: /\(cut: 1048576 characters\) is not/ },
  { cls: 'forged', resource: 'webhook', inputs: { eventName: `x\u2028  - eventName: forged` }, property: 'eventName', reason: /^eventName must be one of .*got "x\\u2028  - eventName: forged"\.$/ },
  { cls: 'forged', resource: 'webhook', inputs: { organizer: 'al\u202eecila' }, property: 'organizer', reason: /got "al\\u202eecila"/ },
  { cls: 'forged', resource: 'secretKey', inputs: { organizer: 'o'.repeat(MiB) }, property: 'organizer', reason: /got "o{79}…" \(cut: 1048576 characters\)\.$/ },
  { cls: 'forged', resource: 'webhook', inputs: { eventName: `e\u0085e` }, property: 'eventName', reason: /got "e\\u0085e"/ },
];

describe.each(refusals)('check refuses ($cls) $resource $property', (row) => {
  test(`${row.wiring ? '[needs the SecretKey declaration to use the rules] ' : ''}${title(row.inputs)}`, async () => {
    const { failures } = await providers[row.resource].check({}, { ...base[row.resource], ...row.inputs });
    expect(failures).toEqual([{ property: row.property, reason: expect.stringMatching(row.reason) }]);
    const reason = failures[0].reason;
    expect(reason.startsWith(`${row.property} `)).toBe(true); // names the property first
    expect(reason).not.toMatch(/[\n\r\u0085\u2028\u2029\u200b\u202e]/); // one line, nothing invisible
    expect(reason.length).toBeLessThan(700);
  });
});

interface ResourceAcceptance {
  resource: Resource;
  inputs: Record<string, unknown>;
}

const acceptances: ResourceAcceptance[] = [
  { resource: 'webhook', inputs: url('https://hooks.example.com:8443/goto/cb?tenant=a&x=1') },
  { resource: 'userSubscription', inputs: url('https://hooks.example.com/cb?tenant=b') },
  { resource: 'webhook', inputs: url('HTTPS://Hooks.Example.COM:443/x') },
  { resource: 'webhook', inputs: url('https://hooks.example.com') },
  { resource: 'webhook', inputs: url('https://hooks.example.com?x=1') },
  { resource: 'webhook', inputs: url('https://xn--bcher-kva.example/hooks/%C3%BC') },
  { resource: 'webhook', inputs: url('http://[::1]:8788/goto') },
  { resource: 'webhook', inputs: { webhookKey: '...' } },
  { resource: 'webhook', inputs: { webhookKey: 'a.b' } },
  { resource: 'userSubscription', inputs: { subscriptionKey: '%2e%2e%2e' } },
  { resource: 'userSubscription', inputs: { webhookKey: 'd1f2c3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6' } },
  { resource: 'webhook', inputs: { organizer: 'Constructor-2' } },
  { resource: 'userSubscription', inputs: { organizer: 'a_b' } },
  { resource: 'secretKey', inputs: { rotation: 'after the March leak (OPS-1234)' } },
  { resource: 'secretKey', inputs: { rotation: 'r'.repeat(256) } },
  { resource: 'secretKey', inputs: { validFrom: inDays(30) } },
  { resource: 'secretKey', inputs: { validFrom: '2020-01-01T00:00:00Z' } },
];

test.each(acceptances.map((row) => ({ ...row, shown: title(row.inputs) })))('check accepts $resource $shown', async ({ resource, inputs }) => {
  const { failures } = await providers[resource].check({}, { ...base[resource], ...inputs });
  expect(failures).toEqual([]);
});

// ---- the stack's config -------------------------------------------------------------------------------------

const NS = 'gotowebinar-webhooks';

/** A valid stack config, as the runtime hands it over (structured values as JSON text), with overrides. */
function config(overrides: Record<string, unknown> = {}): Record<string, string> {
  const values: Record<string, unknown> = {
    callbackBaseUrl: 'https://hooks.example.com/goto',
    webhooks: { registrations: { event: 'registrant.added' }, changes: { event: 'webinar.changed' } },
    subscriptions: { alice: ['registrations'] },
    ...overrides,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined) out[`${NS}:${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

const hook = (path: string) => ({ webhooks: { r: { event: 'registrant.added', path } }, subscriptions: undefined });

interface StackRefusal {
  cls: Class;
  what: string;
  overrides: Record<string, unknown>;
  /** The config key (after `gotowebinar-webhooks:`) the issue must name. */
  key: string;
  message: RegExp;
}

const stackRefusals: StackRefusal[] = [
  { cls: 'differs', what: 'a base that swallows the path (#)', overrides: { callbackBaseUrl: 'http://127.0.0.1:8788/goto#' }, key: 'callbackBaseUrl', message: /fragment/ },
  { cls: 'differs', what: 'a base that swallows the path (?)', overrides: { callbackBaseUrl: 'https://hooks.example.com/goto?' }, key: 'callbackBaseUrl', message: /query or fragment.*Write the base path only/ },
  { cls: 'differs', what: 'a base ending in a bare fragment', overrides: { callbackBaseUrl: 'https://hooks.example.com/goto/#' }, key: 'callbackBaseUrl', message: /fragment/ },
  { cls: 'differs', what: 'a base with a zero-width space', overrides: { callbackBaseUrl: 'https://hooks.exa\u200bmple.com/goto' }, key: 'callbackBaseUrl', message: HIDDEN('200B') },
  { cls: 'differs', what: 'a base with a C1 control', overrides: { callbackBaseUrl: 'https://hooks.example.com/goto\u0085' }, key: 'callbackBaseUrl', message: HIDDEN('0085') },
  { cls: 'differs', what: 'a base without //', overrides: { callbackBaseUrl: 'https:hooks.example.com/goto' }, key: 'callbackBaseUrl', message: READ_AS('https://hooks.example.com/goto') },
  { cls: 'differs', what: 'a base with a backslash', overrides: { callbackBaseUrl: 'https://hooks.example.com\\goto' }, key: 'callbackBaseUrl', message: READ_AS('https://hooks.example.com/goto') },
  { cls: 'differs', what: 'a base on port 0', overrides: { callbackBaseUrl: 'https://hooks.example.com:0/goto' }, key: 'callbackBaseUrl', message: /port 0/ },
  { cls: 'differs', what: 'a base with an encoded dot segment', overrides: { callbackBaseUrl: 'https://hooks.example.com/goto/%2e%2e' }, key: 'callbackBaseUrl', message: READ_AS('https://hooks.example.com/') },
  { cls: 'differs', what: 'organizer "constructor"', overrides: { subscriptions: { constructor: ['registrations'] } }, key: 'subscriptions.constructor', message: MEMBER },
  { cls: 'differs', what: 'organizer "toString"', overrides: { subscriptions: { toString: ['registrations'] } }, key: 'subscriptions.toString', message: MEMBER },
  { cls: 'differs', what: 'organizer "valueOf" (object form)', overrides: { subscriptions: { valueOf: { webhooks: ['changes'] } } }, key: 'subscriptions.valueOf', message: MEMBER },
  { cls: 'differs', what: 'alice and ALICE', overrides: { subscriptions: { alice: ['registrations'], ALICE: ['registrations'] } }, key: 'subscriptions.ALICE', message: /same organizer as gotowebinar-webhooks:subscriptions\.alice: both read the variables GOTOWEBINAR_ORGANIZER_ALICE_\*/ },
  { cls: 'differs', what: 'Alice and alice', overrides: { subscriptions: { Alice: ['changes'], alice: ['registrations'] } }, key: 'subscriptions.alice', message: /same organizer as gotowebinar-webhooks:subscriptions\.Alice.*Write the organizer once/ },
  { cls: 'differs', what: 'a-b and a_b', overrides: { subscriptions: { 'a-b': ['registrations'], a_b: ['changes'] } }, key: 'subscriptions.a_b', message: /GOTOWEBINAR_ORGANIZER_A_B_\*/ },
  { cls: 'differs', what: 'a-b and A--B', overrides: { subscriptions: { 'a-b': ['registrations'], 'A--B': ['registrations'] } }, key: 'subscriptions.A--B', message: /same organizer as gotowebinar-webhooks:subscriptions\.a-b/ },
  { cls: 'differs', what: 'default and DEFAULT', overrides: { subscriptions: { default: ['registrations'], DEFAULT: ['changes'] } }, key: 'subscriptions.DEFAULT', message: /default credentials/ },
  { cls: 'differs', what: 'a NUL token rotation', overrides: { callbackTokenRotation: '\u0000' }, key: 'callbackTokenRotation', message: HIDDEN('0000') },
  { cls: 'differs', what: 'a token rotation with a zero-width space', overrides: { callbackTokenRotation: '2026\u200b' }, key: 'callbackTokenRotation', message: HIDDEN('200B') },
  { cls: 'differs', what: 'a zero-width key rotation', overrides: { secretKey: { rotation: '\u200b' } }, key: 'secretKey.rotation', message: HIDDEN('200B') },
  { cls: 'differs', what: 'a key rotation with a C1 control', overrides: { secretKey: { rotation: 'x\u0085' } }, key: 'secretKey.rotation', message: HIDDEN('0085') },
  { cls: 'late', what: 'a 2100-character path', overrides: hook('a'.repeat(2100)), key: 'webhooks.r.path', message: /makes a callback URL of 2196 characters.*over the 2048 accepted: shorten the path to at most 1952 characters/ },
  { cls: 'late', what: 'a long base and a long path', overrides: { callbackBaseUrl: `https://hooks.example.com/${'b'.repeat(990)}`, ...hook('p'.repeat(1000)) }, key: 'webhooks.r.path', message: /over the 2048 accepted/ },
  { cls: 'late', what: 'a path of many segments', overrides: hook('seg/'.repeat(500) + 'end'), key: 'webhooks.r.path', message: /shorten the path/ },
  { cls: 'late', what: 'a path one over the room', overrides: hook('a'.repeat(1953)), key: 'webhooks.r.path', message: /2049 characters/ },
  { cls: 'late', what: 'a 1 MiB key rotation', overrides: { secretKey: { rotation: 'r'.repeat(MiB) } }, key: 'secretKey.rotation', message: /at most 256 characters, got 1048576/ },
  { cls: 'late', what: 'a 257-character token rotation', overrides: { callbackTokenRotation: 'r'.repeat(257) }, key: 'callbackTokenRotation', message: /at most 256 characters/ },
  { cls: 'late', what: 'validFrom in 9999', overrides: { secretKey: { validFrom: '9999-12-31T23:59:59Z' } }, key: 'secretKey.validFrom', message: /at most 366 days ahead/ },
  { cls: 'late', what: 'validFrom 400 days ahead', overrides: { secretKey: { validFrom: inDays(400) } }, key: 'secretKey.validFrom', message: /at most 366 days ahead.*or leave it out/ },
  { cls: 'forged', what: 'a webhook name that starts a new line', overrides: { webhooks: { [`a${FORGED}`]: { event: 'registrant.added' } }, subscriptions: undefined }, key: `webhooks[${JSON.stringify(`a${FORGED}`)}]`, message: /lower-case/ },
  { cls: 'forged', what: 'an unknown key that starts a new line', overrides: { [`x${FORGED}`]: '1' }, key: JSON.stringify(`x${FORGED}`), message: /not a setting of this project/ },
  { cls: 'forged', what: 'a 1 MiB webhook name', overrides: { webhooks: { ['w'.repeat(MiB)]: { event: 'registrant.added' } }, subscriptions: undefined }, key: `webhooks["${'w'.repeat(79)}…" (cut: 1048576 characters)]`, message: /lower-case/ },
  { cls: 'forged', what: 'a 1 MiB unknown key', overrides: { ['k'.repeat(MiB)]: '1' }, key: `"${'k'.repeat(79)}…" (cut: 1048576 characters)`, message: /not a setting/ },
  { cls: 'forged', what: 'a field name that starts a new line', overrides: { webhooks: { registrations: { event: 'registrant.added', [`path${FORGED}`]: 'x' } } }, key: `webhooks.registrations[${JSON.stringify(`path${FORGED}`)}]`, message: /not a known field/ },
  { cls: 'forged', what: 'an organizer name with a line separator', overrides: { subscriptions: { 'al\u2028ice': ['registrations'] } }, key: 'subscriptions["al\\u2028ice"]', message: /got "al\\u2028ice"/ },
  { cls: 'forged', what: 'a webhook named with a line separator in a list', overrides: { subscriptions: { alice: ['reg\u2028  - forged'] } }, key: 'subscriptions.alice[0]', message: /got "reg\\u2028  - forged"/ },
  { cls: 'forged', what: 'an event with a C1 next-line', overrides: { webhooks: { registrations: { event: 'x\u0085  - forged' } } }, key: 'webhooks.registrations.event', message: /got "x\\u0085  - forged"/ },
];

function stackIssues(values: Record<string, string>): { issues: StackConfigError['issues']; message: string } {
  try {
    parseStackConfig(values);
  } catch (error) {
    expect(error).toBeInstanceOf(StackConfigError);
    return { issues: (error as StackConfigError).issues, message: (error as Error).message };
  }
  throw new Error('expected a StackConfigError');
}

describe.each(stackRefusals)('parseStackConfig refuses ($cls) $what', ({ overrides, key, message }) => {
  test(`naming ${key.slice(0, 80)}`, () => {
    const { issues, message: whole } = stackIssues(config(overrides));
    expect(issues).toEqual([{ key: `${NS}:${key}`, message: expect.stringMatching(message) }]);
    // One problem is one line, of a readable length, with nothing invisible in it.
    expect(whole.split('\n')).toHaveLength(2);
    expect(whole).not.toMatch(/[\r\u0085\u2028\u2029\u200b\u202e]/);
    expect(whole.length).toBeLessThan(800);
  });
});

const stackAcceptances: Array<[what: string, overrides: Record<string, unknown>]> = [
  ['a base with a port', { callbackBaseUrl: 'https://hooks.example.com:8443/goto' }],
  ['a base written in capitals, with the default port and a trailing slash', { callbackBaseUrl: 'HTTPS://Hooks.Example.com:443/goto/' }],
  ['two organizers on one webhook', { subscriptions: { alice: ['registrations'], bob: ['registrations'] } }],
  ['names alike but not the same organizer', { subscriptions: { 'a-b': ['registrations'], ab: ['registrations'] } }],
  ['a path that just fits', hook('a'.repeat(1952))],
  ['a 256-character key rotation', { secretKey: { rotation: 'r'.repeat(256) } }],
  ['a validFrom a month ahead', { secretKey: { validFrom: inDays(30) } }],
];

test.each(stackAcceptances)('parseStackConfig accepts %s', (_what, overrides) => {
  expect(() => parseStackConfig(config(overrides))).not.toThrow();
});

// ---- the table's size ---------------------------------------------------------------------------------------

test('the table has at least 60 new cases, with rows of every class', () => {
  const rows = [...refusals, ...stackRefusals];
  expect(rows.length + acceptances.length + stackAcceptances.length).toBeGreaterThanOrEqual(60);
  for (const cls of ['differs', 'late', 'forged'] as const) expect(rows.filter((r) => r.cls === cls).length).toBeGreaterThanOrEqual(10);
});
