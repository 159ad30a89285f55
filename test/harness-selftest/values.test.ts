import {
  annotateSecrets,
  containsSecrets,
  isSecret,
  marshalProperties,
  secret,
  SECRET_SIG,
  SIG_KEY,
  stripSecrets,
  UNKNOWN,
  UNKNOWN_SENTINELS,
  unmarshalProperties,
  UnexpectedUnknownError,
  withEngineSecrets,
} from '../harness';

describe('secret markers', () => {
  test('secret() is the wire form the SDK and engine use', () => {
    expect(secret('x')).toEqual({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 'x' });
    expect(SIG_KEY).toBe('4dabf18193072939515e22adb298388d');
    expect(SECRET_SIG).toBe('1b47061264138c4ac30d75fd1eb44270');
    expect(isSecret(secret(null))).toBe(true);
    expect(isSecret({ value: 'x' })).toBe(false);
    expect(containsSecrets({ a: [1, { b: secret(2) }] })).toBe(true);
    expect(containsSecrets({ a: [1, { b: 2 }] })).toBe(false);
  });

  test('stripSecrets removes markers at any depth', () => {
    expect(stripSecrets({ a: secret({ b: secret('c') }), d: [secret(1), 2] })).toEqual({ a: { b: 'c' }, d: [1, 2] });
  });

  test('annotateSecrets follows the engine: same keys only, recurse into objects, taint whole non-objects', () => {
    const ins = {
      token: secret('t'),
      nested: { inner: secret('i'), plain: 'p' },
      list: ['a', secret('b')],
      objInSecret: secret({ k: 'v' }),
      plain: 'x',
    };
    const outs = {
      token: 't',
      tokenCopy: 't',
      nested: { inner: 'i', plain: 'p', extra: 'e' },
      list: ['a', 'b'],
      objInSecret: { k: 'v' },
      plain: 'x',
      already: secret('s'),
    };
    const annotated = annotateSecrets(outs, ins);
    expect(annotated).toEqual({
      token: secret('t'),
      tokenCopy: 't', // a new key is not re-marked: it leaks unless additionalSecretOutputs lists it
      nested: { inner: secret('i'), plain: 'p', extra: 'e' },
      list: secret(['a', 'b']), // an array with any secret becomes secret as a whole
      objInSecret: secret({ k: 'v' }), // a secret object is not "an object" for recursion
      plain: 'x',
      already: secret('s'),
    });
    expect(outs.token).toBe('t'); // inputs are not mutated
  });
});

test('withEngineSecrets strips before the call and re-marks the result by key', async () => {
  const seen: unknown[] = [];
  const result = await withEngineSecrets({ key: secret('k'), name: 'n' }, async (plain) => {
    seen.push(plain);
    return { id: 'x', key: plain.key, keyCopy: plain.key, name: plain.name };
  });
  expect(seen).toEqual([{ key: 'k', name: 'n' }]);
  expect(result).toEqual({ id: 'x', key: secret('k'), keyCopy: 'k', name: 'n' });
});

describe('marshalling like MarshalProperties / UnmarshalProperties', () => {
  test('unknowns are kept in preview and dropped otherwise (object members and array elements)', () => {
    const props = { a: UNKNOWN, b: [1, UNKNOWN, 2], c: { d: UNKNOWN, e: 'e' }, f: 'f' };
    expect(marshalProperties(props, { keepSecrets: false, keepUnknowns: true })).toEqual(props);
    expect(marshalProperties(props, { keepSecrets: false, keepUnknowns: false })).toEqual({ b: [1, 2], c: { e: 'e' }, f: 'f' });
  });

  test('secrets are stripped unless the plugin accepts them', () => {
    const props = { s: secret({ x: secret(1) }) };
    expect(marshalProperties(props, { keepSecrets: false, keepUnknowns: false })).toEqual({ s: { x: 1 } });
    expect(marshalProperties(props, { keepSecrets: true, keepUnknowns: false })).toEqual(props);
  });

  test('undefined members are omitted, nulls kept, non-JSON values rejected', () => {
    expect(marshalProperties({ a: undefined, b: null, c: [undefined] }, { keepSecrets: false, keepUnknowns: false })).toEqual({
      b: null,
      c: [null],
    });
    expect(() => marshalProperties({ big: BigInt(1) }, { keepSecrets: false, keepUnknowns: false })).toThrow(/bigint/);
  });

  test('every typed unknown sentinel is recognised; outside preview they are rejected', () => {
    expect(UNKNOWN_SENTINELS).toContain(UNKNOWN);
    for (const sentinel of UNKNOWN_SENTINELS) {
      expect(unmarshalProperties({ v: sentinel }, { keepUnknowns: true, rejectUnknowns: false })).toEqual({ v: sentinel });
      expect(unmarshalProperties({ v: sentinel }, { keepUnknowns: false, rejectUnknowns: false })).toEqual({});
      expect(() => unmarshalProperties({ v: [sentinel] }, { keepUnknowns: false, rejectUnknowns: true })).toThrow(
        UnexpectedUnknownError,
      );
    }
  });
});
