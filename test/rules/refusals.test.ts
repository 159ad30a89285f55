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
 * Issue 25's two classes, the last of the held-out table:
 *
 * - unmeant: dates GoTo cannot mean or JavaScript cannot represent exactly, in every written form (year 0000,
 *   before 1970, expanded and five-digit years, an offset across a bound, a leap second, February 30, more
 *   precise than a millisecond, far past the 366-day bound), refused by the one date rule with the property named;
 *   and the dates next to them that must stay accepted;
 * - looks: URLs whose parsed form differs from the written one only by spelling (a Unicode host and its Punycode,
 *   case, a default port, an IPv6 form, non-ASCII path characters) are accepted and stored in the parsed form;
 *   what changes where a delivery goes (a mapped character, a trailing dot, zeros in a port) stays refused.
 */
import { callbackUrl, canonicalCallbackUrl } from '../../provider/rules';
import { providers } from '../../provider/runtime';
import { callbackUrlFor, parseStackConfig, StackConfigError } from '../../stack/config';
import { PROJECT } from '../../stack/types';
import { stackConfig, VALID_STACK_VALUES } from '../support/stack-config';

type Resource = 'webhook' | 'userSubscription' | 'secretKey';
type Class = 'differs' | 'late' | 'forged' | 'unmeant' | 'looks';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The UTC wall clock `days` from now, to the minute, with no zone (for writing it with an offset). */
const wallClockInDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 16);
const HOUR = 3_600_000;
/** The instant one hour past the 366-day bound, written as a wall clock inside it with an offset of -02:00. */
const pastBoundByOffset = `${new Date(Date.now() + 366 * DAY - HOUR).toISOString().slice(0, 16)}-02:00`;
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
const BEFORE_1970 = /must be 1970-01-01T00:00:00Z or later, got .*count time from 1970/;
const NOT_ISO = /must be an ISO 8601 date-time with a time zone: .*four-digit year/;
const NO_INSTANT = (detail: string) => new RegExp(`must be an ISO 8601 date-time that names a real instant, got .*: there is no ${detail}`);
const TOO_PRECISE = /must be precise to the millisecond at most.*at most three digits after the seconds/;
const AHEAD = /at most 366 days ahead/;
const TRAILING_DOT = (href: string) => new RegExp(`must not end its host with a dot .*Write ${escapeRegExp(JSON.stringify(href))}`);
const validFrom = (v: unknown): Record<string, unknown> => ({ validFrom: v });

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
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '\u0000' }, property: 'rotation', reason: HIDDEN('0000') },
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '\u200b\u200b' }, property: 'rotation', reason: HIDDEN('200B') },
  { cls: 'differs', resource: 'secretKey', inputs: { rotation: '2026-01\u0085' }, property: 'rotation', reason: HIDDEN('0085') },
  { cls: 'late', resource: 'secretKey', inputs: { rotation: 'r'.repeat(MiB) }, property: 'rotation', reason: /at most 256 characters, got 1048576/ },
  { cls: 'late', resource: 'secretKey', inputs: { validFrom: '9999-12-31T23:59:59Z' }, property: 'validFrom', reason: /at most 366 days ahead.*never take over/ },
  { cls: 'late', resource: 'secretKey', inputs: { validFrom: inDays(400) }, property: 'validFrom', reason: /at most 366 days ahead/ },
  // Dates outside what can be meant (issue 25), each through the one date rule, naming validFrom.
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('0000-01-01T00:00:00Z'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('0000-06-15t12:00:00z'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('0026-01-01T00:00:00+00:00'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1900-01-01T00:00Z'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1969-12-31T23:59:59.999Z'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1970-01-01T00:30:00+01:00'), property: 'validFrom', reason: /or later, got "1970-01-01T00:30:00\+01:00" \(1969-12-31T23:30:00\.000Z in UTC\)/ },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1970-01-01T00:00:00+0001'), property: 'validFrom', reason: BEFORE_1970 },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('+002026-01-01T00:00:00Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('-000001-01-01T00:00:00Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('+275760-09-13T00:00:00Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('20260-01-01T00:00:00Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('026-01-01T00:00:00Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T00:00:00,5Z'), property: 'validFrom', reason: NOT_ISO },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2025-02-29T00:00:00Z'), property: 'validFrom', reason: NO_INSTANT('day 29 in 2025-02') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-02-30T00:00:00Z'), property: 'validFrom', reason: NO_INSTANT('day 30 in 2026-02') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-04-31T10:00:00+02:00'), property: 'validFrom', reason: NO_INSTANT('day 31') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-00T00:00:00Z'), property: 'validFrom', reason: NO_INSTANT('day 00') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-00-01T00:00:00Z'), property: 'validFrom', reason: NO_INSTANT('month 00') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2016-12-31T23:59:60Z'), property: 'validFrom', reason: NO_INSTANT('second 60 .*leap seconds') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T24:00:00Z'), property: 'validFrom', reason: NO_INSTANT('hour 24') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T12:60:00Z'), property: 'validFrom', reason: NO_INSTANT('minute 60') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T00:00:00+24:00'), property: 'validFrom', reason: NO_INSTANT('offset \\+24:00') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T00:00:00-0060'), property: 'validFrom', reason: NO_INSTANT('offset -0060') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(`${inDays(30).slice(0, -1)}.0001Z`), property: 'validFrom', reason: TOO_PRECISE },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2026-01-01T00:00:00.123456789+01:00'), property: 'validFrom', reason: TOO_PRECISE },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('9999-12-31T23:59:59.999999999Z'), property: 'validFrom', reason: TOO_PRECISE },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('9999-12-31t23:59:59.999z'), property: 'validFrom', reason: AHEAD },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(pastBoundByOffset), property: 'validFrom', reason: AHEAD },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(`${wallClockInDays(367)}+0000`), property: 'validFrom', reason: AHEAD },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(20260101), property: 'validFrom', reason: NOT_ISO },
  // URLs that only look like a normal form of the one meant: the parser MAPPED a character, or the host ends in a
  // dot, or the port has zeros. Where the delivery goes would change (or could, by GoTo's client): still refused.
  { cls: 'looks', resource: 'webhook', inputs: url('https://hooks.example.com./x'), property: 'callbackUrl', reason: TRAILING_DOT('https://hooks.example.com/x') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://b\u00fccher.example./cb'), property: 'callbackUrl', reason: TRAILING_DOT('https://xn--bcher-kva.example/cb') },
  { cls: 'looks', resource: 'webhook', inputs: url('http://localhost./goto'), property: 'callbackUrl', reason: TRAILING_DOT('http://localhost/goto') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://\ufb01le.example/x'), property: 'callbackUrl', reason: READ_AS('https://file.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://a\u3002b.example/x'), property: 'callbackUrl', reason: READ_AS('https://a.b.example/x') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://\uff22\u00dcCHER.example/x'), property: 'callbackUrl', reason: READ_AS('https://xn--bcher-kva.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://hooks.\u017fite.example/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.site.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://b%C3%BCcher.example/x'), property: 'callbackUrl', reason: READ_AS('https://xn--bcher-kva.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://b\u00fccher.example/a{b}'), property: 'callbackUrl', reason: READ_AS('https://xn--bcher-kva.example/a%7Bb%7D') },
  { cls: 'looks', resource: 'webhook', inputs: url("https://hooks.example.com/x?a='b"), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com/x?a=%27b') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://b\u00fccher.example:0443/x'), property: 'callbackUrl', reason: READ_AS('https://xn--bcher-kva.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://hooks.example.com:08443/x'), property: 'callbackUrl', reason: READ_AS('https://hooks.example.com:8443/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://b\u00fccher.example/a/../x'), property: 'callbackUrl', reason: READ_AS('https://xn--bcher-kva.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://0177.0.0.1/x'), property: 'callbackUrl', reason: READ_AS('https://127.0.0.1/x') },
  // Messages user text could forge: one value is one line, and short.
  { cls: 'forged', resource: 'webhook', inputs: { [`a${FORGED}`]: 'x' }, property: JSON.stringify(`a${FORGED}`), reason: /^"a\\n  - gotowebinar-webhooks:callbackBaseUrl: forged" is not/ },
  { cls: 'forged', resource: 'userSubscription', inputs: { ['p'.repeat(MiB)]: 'x' }, property: `"${'p'.repeat(79)}…" (cut: 1048576 characters)`, reason: /\(cut: 1048576 characters\) is not/ },
  { cls: 'forged', resource: 'webhook', inputs: { eventName: `x\u2028  - eventName: forged` }, property: 'eventName', reason: /^eventName must be one of .*got "x\\u2028  - eventName: forged"\.$/ },
  { cls: 'forged', resource: 'webhook', inputs: { organizer: 'al\u202eecila' }, property: 'organizer', reason: /got "al\\u202eecila"/ },
  { cls: 'forged', resource: 'secretKey', inputs: { organizer: 'o'.repeat(MiB) }, property: 'organizer', reason: /got "o{79}…" \(cut: 1048576 characters\)\.$/ },
  { cls: 'forged', resource: 'webhook', inputs: { eventName: `e\u0085e` }, property: 'eventName', reason: /got "e\\u0085e"/ },
];

describe.each(refusals)('check refuses ($cls) $resource $property', (row) => {
  test(title(row.inputs), async () => {
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

interface Kept {
  cls: 'unmeant' | 'looks';
  resource: Resource;
  inputs: Record<string, unknown>;
  /** What check returns for the property: the form sent to GoTo and stored (default: as written). */
  stored?: Record<string, unknown>;
}

/** Issue 25's acceptances: the neighbours of the refusals above, and what check stores for each. */
const kept: Kept[] = [
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1970-01-01T00:00:00Z') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1970-01-01T00:00:00.000+00:00') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('1969-12-31T23:30:00-01:00') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom('2024-02-29T12:00Z') },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(inDays(30).toLowerCase()) },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(`${wallClockInDays(30)}+0530`) },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(`${inDays(30).slice(0, -1)}.123000000Z`) },
  { cls: 'unmeant', resource: 'secretKey', inputs: validFrom(`${wallClockInDays(365)}-23:59`) },
  { cls: 'looks', resource: 'webhook', inputs: url('https://b\u00fccher.example/hooks'), stored: url('https://xn--bcher-kva.example/hooks') },
  { cls: 'looks', resource: 'webhook', inputs: url('HTTPS://B\u00dcCHER.EXAMPLE:443/hooks'), stored: url('https://xn--bcher-kva.example/hooks') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://bu\u0308cher.example/cb'), stored: url('https://xn--bcher-kva.example/cb') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://stra\u00dfe.example/\u00fcber?q=\u00e4'), stored: url('https://xn--strae-oqa.example/%C3%BCber?q=%C3%A4') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://\u4f8b\u3048.\u30c6\u30b9\u30c8/\u30d1\u30b9'), stored: url('https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://b\u00fccher.example:8443?tenant=a'), stored: url('https://xn--bcher-kva.example:8443/?tenant=a') },
  // ASCII spellings are sent and stored as written (as before: see canonicalCallbackUrl).
  { cls: 'looks', resource: 'webhook', inputs: url('https://XN--BCHER-KVA.example/x') },
  { cls: 'looks', resource: 'webhook', inputs: url('HTTPS://Hooks.Example.COM:443/x') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('https://hooks.example.com:/cb') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://hooks.example.com') },
  { cls: 'looks', resource: 'webhook', inputs: url('https://[0:0:0:0:0:0:0:1]:8443/x') },
  { cls: 'looks', resource: 'userSubscription', inputs: url('HTTP://LOCALHOST:8788/goto') },
];

test.each(kept.map((row) => ({ ...row, shown: title(row.inputs) })))('check accepts ($cls) $resource $shown', async ({ resource, inputs, stored }) => {
  const { inputs: checked, failures } = await providers[resource].check({}, { ...base[resource], ...inputs });
  expect(failures).toEqual([]);
  expect(checked).toMatchObject(stored ?? inputs);
  // The stored form is a fixed point: checking it again accepts it as it is (no diff at the next preview).
  const again = await providers[resource].check({}, { ...base[resource], ...checked });
  expect(again).toEqual({ inputs: checked, failures: [] });
});

// ---- the stack's config -------------------------------------------------------------------------------------

const NS = PROJECT;

/** A valid stack config with two webhooks, with overrides. */
const config = (overrides: Record<string, unknown> = {}) =>
  stackConfig(overrides, { ...VALID_STACK_VALUES, webhooks: { registrations: { event: 'registrant.added' }, changes: { event: 'webinar.changed' } } });

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
  { cls: 'unmeant', what: 'validFrom in the year 0000', overrides: { secretKey: { validFrom: '0000-01-01T00:00:00Z' } }, key: 'secretKey.validFrom', message: BEFORE_1970 },
  { cls: 'unmeant', what: 'validFrom in lower case, in 1969', overrides: { secretKey: { validFrom: '1969-07-20t20:17:40z' } }, key: 'secretKey.validFrom', message: BEFORE_1970 },
  { cls: 'unmeant', what: 'validFrom moved before 1970 by its offset', overrides: { secretKey: { validFrom: '1970-01-01T00:00:00.000+00:01' } }, key: 'secretKey.validFrom', message: BEFORE_1970 },
  { cls: 'unmeant', what: 'validFrom with an expanded year', overrides: { secretKey: { validFrom: '+002026-12-01T00:00:00Z' } }, key: 'secretKey.validFrom', message: NOT_ISO },
  { cls: 'unmeant', what: 'validFrom with a five-digit year', overrides: { secretKey: { validFrom: '12026-12-01T00:00:00Z' } }, key: 'secretKey.validFrom', message: NOT_ISO },
  { cls: 'unmeant', what: 'validFrom on February 30', overrides: { secretKey: { validFrom: '2026-02-30T00:00:00Z' } }, key: 'secretKey.validFrom', message: NO_INSTANT('day 30') },
  { cls: 'unmeant', what: 'validFrom on a leap second', overrides: { secretKey: { validFrom: '2016-12-31T23:59:60+00:00' } }, key: 'secretKey.validFrom', message: NO_INSTANT('second 60') },
  { cls: 'unmeant', what: 'validFrom finer than a millisecond', overrides: { secretKey: { validFrom: `${inDays(30).slice(0, -1)}.0000001Z` } }, key: 'secretKey.validFrom', message: TOO_PRECISE },
  { cls: 'unmeant', what: 'validFrom past the bound by its offset', overrides: { secretKey: { validFrom: pastBoundByOffset } }, key: 'secretKey.validFrom', message: AHEAD },
  { cls: 'looks', what: 'a base whose host ends in a dot', overrides: { callbackBaseUrl: 'https://hooks.example.com./goto' }, key: 'callbackBaseUrl', message: TRAILING_DOT('https://hooks.example.com/goto') },
  { cls: 'looks', what: 'a base on a fullwidth host', overrides: { callbackBaseUrl: 'https://\uff48ooks.example.com/goto' }, key: 'callbackBaseUrl', message: READ_AS('https://hooks.example.com/goto') },
  { cls: 'looks', what: 'a base on an IDN host with an ideographic full stop', overrides: { callbackBaseUrl: 'https://b\u00fccher\u3002example/goto' }, key: 'callbackBaseUrl', message: READ_AS('https://xn--bcher-kva.example/goto') },
  { cls: 'looks', what: 'a base on an IDN host with zeros in its port', overrides: { callbackBaseUrl: 'https://b\u00fccher.example:0443/goto' }, key: 'callbackBaseUrl', message: READ_AS('https://xn--bcher-kva.example/goto') },
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

/** Issue 25's acceptances in the stack file, with the base the stack then builds its callback URLs on. */
const stackKept: Array<[what: string, overrides: Record<string, unknown>, expected: Partial<ReturnType<typeof parseStackConfig>>]> = [
  ['a base on an IDN host', { callbackBaseUrl: 'https://b\u00fccher.example/goto' }, { callbackBaseUrl: 'https://xn--bcher-kva.example/goto' }],
  ['a base on an IDN host in capitals, with the default port and a slash', { callbackBaseUrl: 'HTTPS://B\u00dcCHER.Example:443/goto/' }, { callbackBaseUrl: 'https://xn--bcher-kva.example/goto' }],
  ['a base on a Japanese host and path', { callbackBaseUrl: 'https://\u4f8b\u3048.\u30c6\u30b9\u30c8/\u30d5\u30c3\u30af' }, { callbackBaseUrl: 'https://xn--r8jz45g.xn--zckzah/%E3%83%95%E3%83%83%E3%82%AF' }],
  ['a base of only a host, with the default port', { callbackBaseUrl: 'https://hooks.example.com:443' }, { callbackBaseUrl: 'https://hooks.example.com:443' }],
  ['a loopback base in capitals', { callbackBaseUrl: 'HTTP://LOCALHOST:8788/goto/' }, { callbackBaseUrl: 'HTTP://LOCALHOST:8788/goto' }],
  ['validFrom at 1970-01-01T00:00:00Z', { secretKey: { validFrom: '1970-01-01T00:00:00Z' } }, { secretKey: { validFrom: '1970-01-01T00:00:00Z' } }],
  ['validFrom in 1969 that its offset moves into 1970', { secretKey: { validFrom: '1969-12-31T23:30:00-01:00' } }, { secretKey: { validFrom: '1969-12-31T23:30:00-01:00' } }],
  ['validFrom in lower case with an offset without colon', { secretKey: { validFrom: `${wallClockInDays(30).toLowerCase()}:00.5+0100` } }, { secretKey: { validFrom: `${wallClockInDays(30).toLowerCase()}:00.5+0100` } }],
];

test.each(stackKept)('parseStackConfig accepts (issue 25) %s', (_what, overrides, expected) => {
  const settings = parseStackConfig(config(overrides));
  expect(settings).toMatchObject(expected);
  // The URLs made from the base pass the resources' rule as they are: the Webhook's check stores them unchanged.
  for (const w of settings.webhooks) {
    const made = callbackUrlFor(settings.callbackBaseUrl, 't'.repeat(32), w.path);
    expect(callbackUrl(made)).toBeUndefined();
    expect(canonicalCallbackUrl(made)).toBe(made);
  }
});
