/**
 * Process lifecycle, failure paths, and the configure race (which needs fresh plugin processes: the plugin configures
 * a provider text only once per process).
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  PROJECT_DIR,
  providerTextFor,
  resourceUrn,
  startDynamicProviderPlugin,
  stopAllPlugins,
  type DynamicProviderPlugin,
} from '../harness';

const ECHO = path.join(PROJECT_DIR, 'test/fixtures/harness/echo-provider.js');
let text: string;

beforeAll(async () => {
  text = await providerTextFor(ECHO, 'echoProvider');
});

afterAll(async () => {
  await stopAllPlugins();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('process lifecycle', () => {
  test('spawned like the engine, refuses CRUD before Configure, stops like the engine', async () => {
    const plugin = await startDynamicProviderPlugin();
    try {
      // node <sdk>/cmd/dynamic-provider/index.js <engine address>, cwd = project directory
      expect(plugin.args).toEqual([
        path.join(PROJECT_DIR, 'node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js'),
        plugin.engineAddress,
      ]);
      expect(plugin.engineAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(plugin.cwd).toBe(PROJECT_DIR);
      expect(plugin.port).toBeGreaterThan(0);
      expect(isAlive(plugin.pid as number)).toBe(true);
      // The engine always configures the provider before any CRUD call.
      await expect(plugin.check(resourceUrn('x'), {}, { name: 'x', __provider: text })).rejects.toThrow(
        /check\(\) before configure\(\)/,
      );
    } finally {
      const exit = await plugin.stop();
      // Interrupted like the engine's Kill (SIGINT first); the plugin has no handler and dies of it.
      expect(exit).toEqual({ code: null, signal: 'SIGINT' });
      expect(isAlive(plugin.pid as number)).toBe(false);
      expect(await plugin.stop()).toBe(exit); // idempotent
    }
  });

  test('a plugin that dies before printing its port fails start-up with its stderr', async () => {
    await expect(
      startDynamicProviderPlugin({ env: { NODE_OPTIONS: '--require ./no-such-preload.js' } }),
    ).rejects.toThrow(/before printing its port[\s\S]*no-such-preload/);
  });

  test('a working directory without @pulumi/pulumi is refused before spawning', async () => {
    await expect(startDynamicProviderPlugin({ cwd: tmpdir() })).rejects.toThrow(/@pulumi\/pulumi/);
  });
});

describe('the configure race', () => {
  // Fresh processes: the plugin configures a provider text once per process.
  const slowConfig = { variables: { 'echo:greeting': 'late', 'echo:configureDelayMs': '150' } };
  let careful: DynamicProviderPlugin;
  let naive: DynamicProviderPlugin;
  beforeAll(async () => {
    [careful, naive] = await Promise.all([startDynamicProviderPlugin(), startDynamicProviderPlugin()]);
    await Promise.all([careful.configure(slowConfig), naive.configure(slowConfig)]);
  });
  afterAll(async () => {
    await Promise.all([careful?.stop(), naive?.stop()]);
  });

  test('two calls right after Configure both see the config when every method awaits configure', async () => {
    const [a, b] = await Promise.all([
      careful.create(resourceUrn('a'), { name: 'a', __provider: text }),
      careful.create(resourceUrn('b'), { name: 'b', __provider: text }),
    ]);
    expect(a.properties).toMatchObject({ greeting: 'late', configureCount: 1 });
    expect(b.properties).toMatchObject({ greeting: 'late', configureCount: 1 });
  });

  test('the race is real: a method that does not await configure runs before it finished', async () => {
    const [a, n] = await Promise.all([
      naive.create(resourceUrn('a'), { name: 'a', __provider: text }),
      naive.create(resourceUrn('n'), { name: 'n', naive: true, __provider: text }),
    ]);
    expect(a.properties).toMatchObject({ greeting: 'late', configureCount: 1 });
    expect(n.properties).toMatchObject({ greeting: null, configureCount: 0 });
  });
});
