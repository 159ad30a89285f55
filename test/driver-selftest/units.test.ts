/** The lifecycle driver's pure parts: project and config loading, state encoding and order, plans, random, redaction. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { secret, UNKNOWN } from '../harness';
import { formatPlan, type RunResult } from '../driver';
import { deleteOrder } from '../driver/deployment';
import { DriverConfigError, loadProject, loadStackConfig } from '../driver/project';
import { checkRandom, createRandom, diffRandom } from '../driver/random';
import { decodeSecrets, emptyState, encodeSecrets, orderResources, readState, StateWriter, type ResourceState } from '../driver/state';
import { changedKeys, deepEqual, markSecretOutputs, present, Redactor } from '../driver/values';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'driver-units-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const p = path.join(dir, name);
  mkdirSync(p, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(p, f)), { recursive: true });
    writeFileSync(path.join(p, f), text);
  }
  return p;
}

describe('project and config', () => {
  test('entry point: Pulumi.yaml main, else package.json main, else index.ts, else index.js', () => {
    expect(loadProject(project('a', { 'Pulumi.yaml': 'name: a\nruntime: nodejs\nmain: src/app\n', 'src/app.ts': '' })).program)
      .toBe(path.join(dir, 'a', 'src', 'app.ts'));
    const b = project('b', { 'Pulumi.yaml': 'name: b\nruntime: nodejs\n', 'package.json': '{"main":"bin/index.js"}', 'index.ts': '' });
    mkdirSync(path.join(b, 'bin'));
    writeFileSync(path.join(b, 'bin', 'index.ts'), '');
    expect(loadProject(b).program).toBe(path.join(b, 'bin', 'index.ts'));
    expect(loadProject(project('c', { 'Pulumi.yaml': 'name: c\nruntime: nodejs\n', 'index.ts': '', 'index.js': '' })).program)
      .toBe(path.join(dir, 'c', 'index.ts'));
    const d = loadProject(project('d', { 'Pulumi.yaml': 'name: d\nruntime: {name: nodejs, options: {typescript: false}}\n', 'index.js': '' }));
    expect(d).toMatchObject({ program: path.join(dir, 'd', 'index.js'), typescript: false, runtimeOptions: { typescript: 'false' } });
    expect(() => loadProject(project('e', { 'Pulumi.yaml': 'name: e\nruntime: python\n' }))).toThrow(/only runs nodejs programs/);
    expect(() => loadProject(project('f', { 'Pulumi.yaml': 'name: f\nruntime: nodejs\nmain: nope.ts\n' }))).toThrow(/main "nope.ts" does not exist/);
    expect(() => loadProject(project('g', { 'Pulumi.yaml': 'runtime: nodejs\n' }))).toThrow(DriverConfigError);
  });

  test('config: project defaults < stack file < code; keys namespaced; objects as JSON text; secret keys listed', () => {
    const p = loadProject(
      project('cfg', {
        'Pulumi.yaml': 'name: cfg\nruntime: nodejs\nconfig:\n  region: {default: eu}\n  cfg:size: {value: 3}\n  plain: x\n',
        'Pulumi.dev.yaml': 'config:\n  cfg:region: us\n  gotowebinar:organizers:\n    bob: {refreshToken: t}\n  flag: true\n',
        'index.ts': '',
      }),
    );
    const c = loadStackConfig(p, 'dev', { config: { size: '4' }, secretConfig: { 'gotowebinar:accessToken': 'tok' } });
    expect(c.values).toEqual({
      'cfg:region': 'us',
      'cfg:size': '4',
      'cfg:plain': 'x',
      'cfg:flag': 'true',
      'gotowebinar:organizers': '{"bob":{"refreshToken":"t"}}',
      'gotowebinar:accessToken': 'tok',
    });
    expect(c.secretKeys).toEqual(['gotowebinar:accessToken']);
    // Another stack name: no stack file
    expect(loadStackConfig(p, 'prod', {}).values['cfg:region']).toBe('eu');
  });

  test('config: a secure value fails naming the key, unless code overrides it', () => {
    const p = loadProject(
      project('sec', {
        'Pulumi.yaml': 'name: sec\nruntime: nodejs\n',
        'Pulumi.dev.yaml': 'config:\n  sec:password:\n    secure: v1:abc\n',
        'index.ts': '',
      }),
    );
    expect(() => loadStackConfig(p, 'dev', {})).toThrow(/config sec:password in .*Pulumi\.dev\.yaml is an encrypted \(secure:\) value/);
    expect(loadStackConfig(p, 'dev', { secretConfig: { password: 'pw' } })).toEqual({ values: { 'sec:password': 'pw' }, secretKeys: ['sec:password'] });
  });
});

describe('state', () => {
  const base = { custom: true, id: 'x', inputs: {}, outputs: {}, dependencies: [], propertyDependencies: {} };
  const r = (name: string, extra: Partial<ResourceState> = {}): ResourceState => ({ urn: `u::${name}`, type: 't', name, ...base, ...extra });

  test('secrets are base64 ciphertext on disk and come back as secrets', async () => {
    const value = { a: secret('hunter2'), b: [1, secret({ deep: 'x' })], c: 'plain' };
    const encoded = encodeSecrets(value) as Record<string, unknown>;
    expect(JSON.stringify(encoded)).not.toContain('hunter2');
    expect(encoded.a).toEqual({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: Buffer.from('"hunter2"').toString('base64') });
    expect(decodeSecrets(encoded)).toEqual(value);

    const file = path.join(dir, 'state', 'nested', 's.json');
    const writer = new StateWriter(file);
    const state = { ...emptyState('p', 's'), outputs: { pw: secret('hunter2') } };
    await Promise.all([writer.write(state), writer.write({ ...state, outputs: { pw: secret('hunter3') } })]);
    expect(readFileSync(file, 'utf8')).not.toMatch(/hunter/);
    expect(readState(file, 'p', 's').outputs).toEqual({ pw: secret('hunter3') });
    expect(() => readState(file, 'other', 's')).toThrow(/belongs to p\/s, not other\/s/);
  });

  test('order: parents and dependencies first; deletes: dependents first, pending originals included', () => {
    const parent = r('parent', { custom: false });
    const child = r('child', { parent: 'u::parent' });
    const dep = r('dep');
    const user = r('user', { propertyDependencies: { k: ['u::dep'] } });
    const original = r('dep', { pendingDelete: true, id: 'old' });
    expect(orderResources([user, child, parent, dep]).map((x) => x.name)).toEqual(['dep', 'user', 'parent', 'child']);
    const order = deleteOrder([parent, dep, child, user, original]).map((x) => `${x.name}${x.pendingDelete ? '(old)' : ''}`);
    expect(order.indexOf('child')).toBeLessThan(order.indexOf('parent'));
    expect(order.indexOf('user')).toBeLessThan(order.indexOf('dep'));
    expect(order.indexOf('user')).toBeLessThan(order.indexOf('dep(old)'));
  });
});

describe('values', () => {
  test('equality, changed keys, additionalSecretOutputs, presentation', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual(secret('x'), 'x')).toBe(false);
    expect(changedKeys({ a: 1, b: 2, __provider: 'p1' }, { a: 1, b: 3, c: 4, __provider: 'p2' })).toEqual(['b', 'c']);
    expect(changedKeys({ __provider: 'p1' }, { __provider: 'p2' }, true)).toEqual(['__provider']);
    expect(markSecretOutputs({ k: 'v', s: secret('x'), o: 1 }, ['k', 's', 'missing'])).toEqual({ k: secret('v'), s: secret('x'), o: 1 });
    expect(present({ a: secret('x'), b: UNKNOWN, c: [secret(1), 'y'] })).toEqual({ a: '[secret]', b: '[unknown]', c: ['[secret]', 'y'] });
  });

  test('the redactor blanks every secret it learned, longest first', () => {
    const r = new Redactor();
    r.learn({ a: secret('s3cr3t'), b: secret({ token: 'tok-123', n: 42 }), c: 'visible' });
    r.add('s3cr3t-longer');
    expect(r.redact('x s3cr3t-longer y s3cr3t tok-123 42 visible')).toBe('x [secret] y [secret] [secret] 42 visible');
    expect(r.redact('{"token":"tok-123","n":42}')).toBe('[secret]');
    r.learnConfig(JSON.stringify({ bob: { refreshToken: 'bob-refresh' } }));
    r.learnConfig('plain-config-secret');
    expect(r.redact('refresh bob-refresh failed; plain-config-secret')).toBe('refresh [secret] failed; [secret]');
  });
});

describe('formatPlan', () => {
  test('one line per change, outputs with secrets masked, a summary', () => {
    const result: RunResult = {
      operation: 'preview',
      steps: [
        { urn: 'u1', type: 'pulumi-nodejs:dynamic/gotowebinar:Webhook', name: 'a', op: 'create' },
        { urn: 'u2', type: 'pulumi-nodejs:dynamic/gotowebinar:Webhook', name: 'b', op: 'update', changed: ['callbackUrl'] },
        { urn: 'u3', type: 'pulumi-nodejs:dynamic/gotowebinar:UserSubscription', name: 'c', op: 'replace', replaces: ['webhookKey'], changed: ['webhookKey'] },
        { urn: 'u4', type: 'random:index/randomPet:RandomPet', name: 'd', op: 'same' },
        { urn: 'u5', type: 't', name: 'e', op: 'delete', error: 'boom\nsecond line' },
      ],
      outputs: { key: '[secret]', url: 'https://x', n: 3, later: '[unknown]' },
      summary: { create: 1, update: 1, replace: 1, delete: 1, same: 1, refresh: 0, 'read-gone': 0 },
    };
    expect(formatPlan(result)).toBe(
      [
        'preview:',
        '  +  create    pulumi-nodejs:dynamic/gotowebinar:Webhook a',
        '  ~  update    pulumi-nodejs:dynamic/gotowebinar:Webhook b (changed: callbackUrl)',
        '  +- replace   pulumi-nodejs:dynamic/gotowebinar:UserSubscription c (replaces: webhookKey)',
        '  -  delete    t e',
        '      error: boom',
        '      second line',
        'outputs:',
        '  key: [secret]',
        '  later: [unknown]',
        '  n: 3',
        '  url: "https://x"',
        'resources: 1 create, 1 update, 1 replace, 1 delete, 1 same; 1 failed',
      ].join('\n'),
    );
  });
});

describe('random emulation', () => {
  const STRING = 'random:index/randomString:RandomString';
  const PASSWORD = 'random:index/randomPassword:RandomPassword';

  test('check fills the provider defaults and validates', () => {
    expect(checkRandom(STRING, { length: 8 })).toEqual({
      inputs: { length: 8, lower: true, upper: true, numeric: true, number: true, special: true, minLower: 0, minUpper: 0, minNumeric: 0, minSpecial: 0 },
      failures: [],
    });
    expect(checkRandom(STRING, {}).failures).toEqual([{ property: 'length', reason: "Missing required property 'length'" }]);
    expect(checkRandom(STRING, { length: 2, minUpper: 3 }).failures[0].reason).toMatch(/sum of the min\* values/);
    expect(checkRandom('random:index/randomInteger:RandomInteger', { min: 5, max: 1 }).failures[0].property).toBe('max');
    expect(checkRandom(STRING, { length: UNKNOWN }).failures).toEqual([]); // unknown in preview: checked at up
    expect(() => checkRandom('random:index/randomFoo:RandomFoo', {})).toThrow(/not emulated/);
  });

  test('create honours charsets and minimums; ids and outputs per type; secrets keep their marks', () => {
    const { inputs } = checkRandom(STRING, { length: 30, special: false, upper: false, minNumeric: 10 });
    const s = createRandom(STRING, inputs);
    expect(s.outputs.result).toMatch(/^[a-z0-9]{30}$/);
    expect(String(s.outputs.result).replace(/[^0-9]/g, '').length).toBeGreaterThanOrEqual(10);
    expect(s.id).toBe(s.outputs.result);

    const p = createRandom(PASSWORD, checkRandom(PASSWORD, { length: 16, keepers: secret({ v: '1' }) }).inputs);
    expect(p.id).toBe('none');
    expect(p.outputs.keepers).toEqual(secret({ v: '1' }));
    expect(p.outputs.bcryptHash).toMatch(/^\$2a\$10\$/);

    const id = createRandom('random:index/randomId:RandomId', { byteLength: 4, prefix: 'p-' });
    expect(id.outputs).toMatchObject({ hex: expect.stringMatching(/^p-[0-9a-f]{8}$/), b64Url: `p-${id.id}` });
    expect(BigInt(`0x${String(id.outputs.hex).slice(2)}`).toString()).toBe(String(id.outputs.dec).slice(2));
    const pet = createRandom('random:index/randomPet:RandomPet', checkRandom('random:index/randomPet:RandomPet', { length: 3, separator: '_' }).inputs);
    expect(pet.id).toMatch(/^[a-z]+_[a-z]+_[a-z]+$/);
    const int1 = createRandom('random:index/randomInteger:RandomInteger', { min: 1, max: 100, seed: 's' });
    const int2 = createRandom('random:index/randomInteger:RandomInteger', { min: 1, max: 100, seed: 's' });
    expect(int1.outputs.result).toBe(int2.outputs.result);
    expect(createRandom('random:index/randomUuid7:RandomUuid7', {}).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const shuffled = createRandom('random:index/randomShuffle:RandomShuffle', { inputs: ['a', 'b', 'c'], resultCount: 2 });
    expect(shuffled.outputs.results).toHaveLength(2);
  });

  test('every changed input replaces; unknowns count as changed', () => {
    expect(diffRandom({ length: 8, keepers: { a: '1' } }, { length: 8, keepers: { a: '2' } }, deepEqual).changed).toEqual(['keepers']);
    expect(diffRandom({ length: 8 }, { length: 8 }, deepEqual).changed).toEqual([]);
    expect(diffRandom({ keepers: { a: '1' } }, { keepers: { a: UNKNOWN } }, deepEqual).changed).toEqual(['keepers']);
  });
});
