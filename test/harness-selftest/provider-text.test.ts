import { createRequire } from 'node:module';
import * as path from 'node:path';
import { loadPulumiSdk, PROJECT_DIR, providerTextFor, serializedProviderFor } from '../harness';

const ECHO = path.join(PROJECT_DIR, 'test/fixtures/harness/echo-provider.js');

describe('providerTextFor (the SDK serializer, run outside Jest)', () => {
  let text: string;
  beforeAll(async () => {
    text = await providerTextFor(ECHO, 'echoProvider');
  });

  test('is the module text dynamic.Resource stores in __provider', async () => {
    expect(text.startsWith('exports.handler = __f0;\n')).toBe(true);
    // The outer function is dynamic/index.js's own `() => provider` lambda (serializeFunctionMaybeSecret).
    expect(text).toContain('return () => provider;');
    expect(text).toContain('async function /*configure*/(req)');
    // Local helpers and constants are inlined by value.
    expect(text).toContain('var __INPUT_KEYS = ["name", "color", "note", "token"];');
    // Compiled code, not Jest's transform or coverage instrumentation.
    expect(text).not.toMatch(/cov_|__coverage__|_interopRequireDefault|jest/);
    const { containsSecrets } = await serializedProviderFor(ECHO, 'echoProvider');
    expect(containsSecrets).toBe(false);
  });

  test('loads like the plugin loads it: requireFromString(text).handler()', () => {
    const sdk = loadPulumiSdk(PROJECT_DIR);
    const requireFromString = createRequire(path.join(sdk.dir, 'package.json'))('require-from-string') as (
      code: string,
    ) => { handler(): Record<string, unknown> };
    const provider = requireFromString(text).handler();
    for (const method of ['configure', 'check', 'diff', 'create', 'read', 'update', 'delete']) {
      expect(typeof provider[method]).toBe('function');
    }
  });

  test('is cached per module version and export', async () => {
    expect(serializedProviderFor(ECHO, 'echoProvider')).toBe(serializedProviderFor(ECHO, 'echoProvider'));
    expect(await providerTextFor(ECHO, 'echoProvider')).toBe(text);
  });

  test('a missing export fails with the serializer error', async () => {
    await expect(providerTextFor(ECHO, 'noSuchExport')).rejects.toThrow(/has no export named "noSuchExport"/);
  });
});
