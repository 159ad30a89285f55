/**
 * stack/config.ts: the root stack's config is validated before any resource exists, and every problem names its
 * key. Also: the committed stack files parse, and hold no credential or API URL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import * as yaml from 'js-yaml';
import { parseStackConfig, StackConfigError, callbackUrlFor, type ConfigIssue } from '../../stack/config';
import { readStackFile } from '../../scripts/stack-file';
import { PROJECT } from '../../stack/types';
import { stackConfig } from '../support/stack-config';
import { callbackUrl, canonicalCallbackUrl } from '../../provider/rules';

const NS = PROJECT;
const config = stackConfig;

function issuesOf(values: Record<string, string>): ConfigIssue[] {
  try {
    parseStackConfig(values);
  } catch (error) {
    expect(error).toBeInstanceOf(StackConfigError);
    return (error as StackConfigError).issues;
  }
  throw new Error('expected a StackConfigError');
}

function expectOneIssue(values: Record<string, string>, key: string, message: RegExp): void {
  const issues = issuesOf(values);
  expect(issues).toEqual([{ key: `${NS}:${key}`, message: expect.stringMatching(message) }]);
}

describe('parseStackConfig: valid configurations', () => {
  test('defaults: ACTIVE, path = name, no key inputs, no subscriptions unless declared', () => {
    const s = parseStackConfig(config({ subscriptions: undefined }));
    expect(s).toEqual({
      callbackBaseUrl: 'https://hooks.example.com/goto',
      callbackTokenRotation: '',
      webhooks: [{ name: 'registrations', eventName: 'registrant.added', state: 'ACTIVE', path: 'registrations' }],
      secretKey: {},
      subscriptions: [],
    });
  });

  test('everything declared', () => {
    const s = parseStackConfig(
      config({
        callbackBaseUrl: 'https://hooks.example.com/goto/',
        callbackTokenRotation: '2026-01',
        webhooks: {
          registrations: { event: 'registrant.added' },
          changes: { event: 'webinar.changed', state: 'INACTIVE', path: '/webinars/changed' },
        },
        secretKey: { validFrom: '2026-12-01T00:00:00Z', rotation: 7 },
        subscriptions: {
          alice: ['registrations', 'changes'],
          bob: { webhooks: ['registrations'], state: 'INACTIVE' },
          default: ['changes'],
        },
      }),
    );
    expect(s.callbackBaseUrl).toBe('https://hooks.example.com/goto');
    expect(s.callbackTokenRotation).toBe('2026-01');
    expect(s.webhooks[1]).toEqual({ name: 'changes', eventName: 'webinar.changed', state: 'INACTIVE', path: 'webinars/changed' });
    expect(s.secretKey).toEqual({ validFrom: '2026-12-01T00:00:00Z', rotation: '7' });
    expect(s.subscriptions).toEqual([
      { name: 'alice-registrations', organizer: 'alice', organizerName: 'alice', webhook: 'registrations', state: 'ACTIVE' },
      { name: 'alice-changes', organizer: 'alice', organizerName: 'alice', webhook: 'changes', state: 'ACTIVE' },
      { name: 'bob-registrations', organizer: 'bob', organizerName: 'bob', webhook: 'registrations', state: 'INACTIVE' },
      // "default" subscribes with the stack's default credentials: no organizer input.
      { name: 'default-changes', organizer: undefined, organizerName: 'default', webhook: 'changes', state: 'ACTIVE' },
    ]);
    expect(callbackUrlFor(s.callbackBaseUrl, 'tok', s.webhooks[1].path)).toBe('https://hooks.example.com/goto/tok/webinars/changed');
  });

  test.each(['http://127.0.0.1:8788/goto', 'http://localhost/goto', 'http://[::1]:9000'])('loopback http is allowed: %s', (url) => {
    expect(parseStackConfig(config({ callbackBaseUrl: url })).callbackBaseUrl).toBe(url);
  });

  // Issue 25: a base that only looks different from its parsed form is accepted, and the stack builds its callback
  // URLs on the form GoTo is sent and the Webhooks store (the parsed form when it holds non-ASCII characters, as
  // written otherwise), so their check changes nothing.
  test.each([
    ['https://b\u00fccher.example/goto', 'https://xn--bcher-kva.example/goto'],
    ['HTTPS://B\u00dcCHER.EXAMPLE:443/goto/', 'https://xn--bcher-kva.example/goto'],
    ['https://m\u00fcnchen.example/\u00fcber', 'https://xn--mnchen-3ya.example/%C3%BCber'],
    ['https://Hooks.Example.com:443', 'https://Hooks.Example.com:443'],
    ['http://[0:0:0:0:0:0:0:1]:9000/goto', 'http://[0:0:0:0:0:0:0:1]:9000/goto'],
  ])('a base that only looks different is accepted: %s, used as %s', (written, stored) => {
    const s = parseStackConfig(config({ callbackBaseUrl: written }));
    expect(s.callbackBaseUrl).toBe(stored);
    const made = callbackUrlFor(s.callbackBaseUrl, 'tok', s.webhooks[0].path);
    expect(made).toBe(`${stored}/tok/registrations`);
    expect(callbackUrl(made)).toBeUndefined();
    expect(canonicalCallbackUrl(made)).toBe(made);
  });

  test.each(['1970-01-01T00:00:00Z', '1969-12-31T23:00:00-01:00', '2024-02-29t12:00z', '2026-01-01T00:00:00.250+0100'])(
    'a validFrom GoTo can mean is kept as written: %s',
    (validFrom) => {
      expect(parseStackConfig(config({ secretKey: { validFrom } })).secretKey).toEqual({ validFrom });
      expect(Date.parse(validFrom)).toBeGreaterThanOrEqual(0); // and JavaScript reads it, from 1970 on
    },
  );

  test('keys of other namespaces (provider settings) are not this module\'s business', () => {
    expect(() => parseStackConfig({ ...config(), 'gotowebinar:clientId': 'x', 'aws:region': 'eu-west-1' })).not.toThrow();
  });
});

describe('parseStackConfig: each error names its key', () => {
  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['missing callbackBaseUrl', { callbackBaseUrl: undefined }, 'callbackBaseUrl', /is required/],
    ['plain http to a real host', { callbackBaseUrl: 'http://hooks.example.com/goto' }, 'callbackBaseUrl', /must be https.*loopback/],
    ['not a URL', { callbackBaseUrl: 'hooks.example.com' }, 'callbackBaseUrl', /absolute https URL/],
    ['a query string', { callbackBaseUrl: 'https://h.example.com/goto?x=1' }, 'callbackBaseUrl', /query or fragment/],
    ['ftp', { callbackBaseUrl: 'ftp://h.example.com/' }, 'callbackBaseUrl', /https URL/],
    ['credentials in the URL', { callbackBaseUrl: 'https://u:p@h.example.com/' }, 'callbackBaseUrl', /credentials/],
    ['empty token rotation', { callbackTokenRotation: ' ' }, 'callbackTokenRotation', /must not be empty/],
    ['missing webhooks', { webhooks: undefined, subscriptions: undefined }, 'webhooks', /is required/],
    ['webhooks as text', { webhooks: 'registrations', subscriptions: undefined }, 'webhooks', /YAML mapping/],
    ['webhooks as a list', { webhooks: ['registrations'], subscriptions: undefined }, 'webhooks', /got a list/],
    ['no webhook', { webhooks: {}, subscriptions: undefined }, 'webhooks', /at least one/],
    ['unknown event', { webhooks: { registrations: { event: 'registrant.add' } } }, 'webhooks.registrations.event', /must be one of registrant\.added.*got "registrant\.add"/],
    ['missing event', { webhooks: { registrations: {} } }, 'webhooks.registrations.event', /is required/],
    ['bad state', { webhooks: { registrations: { event: 'registrant.added', state: 'active' } } }, 'webhooks.registrations.state', /ACTIVE or INACTIVE/],
    ['misspelt field', { webhooks: { registrations: { event: 'registrant.added', callbackURL: 'x' } } }, 'webhooks.registrations.callbackURL', /not a known field/],
    ['path escaping', { webhooks: { registrations: { event: 'registrant.added', path: '../admin' } } }, 'webhooks.registrations.path', /URL path/],
    ['path with a query', { webhooks: { registrations: { event: 'registrant.added', path: 'a?b' } } }, 'webhooks.registrations.path', /URL path/],
    ['webhook name', { webhooks: { Registrations: { event: 'registrant.added' } }, subscriptions: undefined }, 'webhooks.Registrations', /lower-case/],
    ['webhook as text', { webhooks: { registrations: 'registrant.added' } }, 'webhooks.registrations', /must be an object/],
    ['secretKey validFrom', { secretKey: { validFrom: '2026-12-01' } }, 'secretKey.validFrom', /ISO 8601.*time zone/],
    ['secretKey validFrom in the year 0000', { secretKey: { validFrom: '0000-01-01T00:00:00Z' } }, 'secretKey.validFrom', /must be 1970-01-01T00:00:00Z or later/],
    ['secretKey validFrom moved into 1969 by its offset', { secretKey: { validFrom: '1970-01-01T00:59:59+01:00' } }, 'secretKey.validFrom', /\(1969-12-31T23:59:59\.000Z in UTC\)/],
    ['secretKey validFrom with an expanded year', { secretKey: { validFrom: '+002026-12-01T00:00:00Z' } }, 'secretKey.validFrom', /ISO 8601.*four-digit year/],
    ['secretKey validFrom with a six-digit year', { secretKey: { validFrom: '202612-01-01T00:00:00Z' } }, 'secretKey.validFrom', /ISO 8601.*four-digit year/],
    ['secretKey validFrom on a leap second', { secretKey: { validFrom: '2026-06-30T23:59:60Z' } }, 'secretKey.validFrom', /no second 60/],
    ['secretKey validFrom on April 31', { secretKey: { validFrom: '2026-04-31T00:00:00Z' } }, 'secretKey.validFrom', /no day 31 in 2026-04/],
    ['secretKey validFrom in microseconds', { secretKey: { validFrom: '2026-01-01T00:00:00.000001Z' } }, 'secretKey.validFrom', /precise to the millisecond/],
    ['secretKey validFrom in 9999, lower case', { secretKey: { validFrom: '9999-01-01t00:00:00z' } }, 'secretKey.validFrom', /at most 366 days ahead/],
    ['a base whose host ends in a dot', { callbackBaseUrl: 'https://b\u00fccher.example./goto' }, 'callbackBaseUrl', /must not end its host with a dot.*"https:\/\/xn--bcher-kva\.example\/goto"/],
    ['a base on a host with a ligature', { callbackBaseUrl: 'https://\ufb01le.example/goto' }, 'callbackBaseUrl', /read by the URL parser as "https:\/\/file\.example\/goto"/],
    ['a base on a percent-encoded IDN host', { callbackBaseUrl: 'https://b%C3%BCcher.example/goto' }, 'callbackBaseUrl', /read by the URL parser as "https:\/\/xn--bcher-kva\.example\/goto"/],
    ['secretKey rotation', { secretKey: { rotation: '' } }, 'secretKey.rotation', /non-empty/],
    ['secretKey field', { secretKey: { valid_from: '2026-12-01T00:00:00Z' } }, 'secretKey.valid_from', /not a known field/],
    ['undeclared webhook', { subscriptions: { alice: ['registration'] } }, 'subscriptions.alice[0]', /must name a webhook declared in gotowebinar-webhooks:webhooks \(registrations\)/],
    ['twice', { subscriptions: { alice: ['registrations', 'registrations'] } }, 'subscriptions.alice[1]', /twice/],
    ['organizer name', { subscriptions: { 'al ice': ['registrations'] } }, 'subscriptions["al ice"]', /organizer profile name/],
    ['not a list', { subscriptions: { alice: 'registrations' } }, 'subscriptions.alice', /list of webhook names/],
    ['object form without webhooks', { subscriptions: { alice: { state: 'ACTIVE' } } }, 'subscriptions.alice.webhooks', /is required/],
    ['object form bad state', { subscriptions: { alice: { webhooks: ['registrations'], state: 'OFF' } } }, 'subscriptions.alice.state', /ACTIVE or INACTIVE/],
    ['a misspelt key', { webhook: {} }, 'webhook', /not a setting of this project/],
    ['a credential in the project namespace', { accessToken: 'x' }, 'accessToken', /provider setting: use gotowebinar:accessToken/],
    ['the API URL in the project namespace', { apiUrl: 'http://127.0.0.1:1' }, 'apiUrl', /provider setting/],
  ])('%s', (_what, overrides, key, message) => {
    expectOneIssue(config(overrides), key, message);
  });

  test('resource-name clashes between organizer and webhook names are refused', () => {
    const issues = issuesOf(
      config({
        webhooks: { 'b-c': { event: 'registrant.added' }, c: { event: 'registrant.joined' } },
        subscriptions: { a: ['b-c'], 'a-b': ['c'] },
      }),
    );
    expect(issues).toEqual([{ key: `${NS}:subscriptions.a-b[0]`, message: expect.stringContaining('"a-b-c"') }]);
  });

  test('every problem is reported at once, in the message too', () => {
    const values = config({
      callbackBaseUrl: 'http://hooks.example.com',
      webhooks: { registrations: { event: 'nope', state: 'on' } },
      subscriptions: { alice: ['missing'] },
    });
    const issues = issuesOf(values);
    expect(issues.map((i) => i.key)).toEqual([
      `${NS}:callbackBaseUrl`,
      `${NS}:webhooks.registrations.event`,
      `${NS}:webhooks.registrations.state`,
      `${NS}:subscriptions.alice[0]`,
    ]);
    expect(() => parseStackConfig(values)).toThrow(/Invalid stack configuration \(4 problems\):\n  - gotowebinar-webhooks:callbackBaseUrl: /);
  });

  test('the namespace follows the project name', () => {
    const values = Object.fromEntries(Object.entries(config()).map(([k, v]) => [k.replace(`${NS}:`, 'other:'), v]));
    expect(parseStackConfig(values, 'other').webhooks).toHaveLength(1);
    expect(() => parseStackConfig(values)).toThrow(/gotowebinar-webhooks:callbackBaseUrl: is required/);
  });
});

describe('the committed stack files', () => {
  test.each(['dev', 'prod'])('Pulumi.%s.yaml is valid', (stack) => {
    const { config: values } = readStackFile(ROOT, stack);
    const s = parseStackConfig(values);
    expect(s.webhooks.length).toBeGreaterThan(0);
    expect(s.subscriptions.length).toBeGreaterThan(0);
  });

  test('dev targets loopback (the simulator), prod https', () => {
    expect(parseStackConfig(readStackFile(ROOT, 'dev').config).callbackBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(parseStackConfig(readStackFile(ROOT, 'prod').config).callbackBaseUrl).toMatch(/^https:\/\//);
  });

  test.each(['dev', 'prod'])('Pulumi.%s.yaml holds no credential and no API URL in clear', (stack) => {
    const doc = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> };
    const clear: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        if ('secure' in value) return; // encrypted by `pulumi config set --secret`
        for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
      } else if (/(token|secret|password|apiurl|authurl|clientid)/i.test(at)) clear.push(at);
    };
    for (const [k, v] of Object.entries(doc.config)) {
      if (k.startsWith('gotowebinar:')) walk(v, k); // provider settings: only as secrets
    }
    expect(clear).toEqual([]);
    expect(Object.keys(doc.config).filter((k) => k.startsWith('gotowebinar:'))).toEqual([]);
  });

  test('Pulumi.yaml: the project, nodejs, index.ts', () => {
    const project = yaml.load(fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8')) as Record<string, any>;
    expect(project.name).toBe(NS);
    expect(project.runtime.name).toBe('nodejs');
    expect(project.main).toBe('index.ts');
  });
});
