/**
 * The harness against the real plugin process, with the echo fixture serialized by the SDK.
 * One plugin (one provider cache, configured once) serves most tests, as one engine run would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DynamicProviderPlugin,
  EngineError,
  PluginRpcError,
  PROJECT_DIR,
  providerTextFor,
  resourceUrn,
  secret,
  startDynamicProviderPlugin,
  UNKNOWN,
  type PropertyMap,
} from '../harness';

const ECHO = path.join(PROJECT_DIR, 'test/fixtures/harness/echo-provider.js');
const PROJECT = 'echo-project';

let text: string;
let plugin: DynamicProviderPlugin;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'harness-selftest-'));
  [text, plugin] = await Promise.all([
    providerTextFor(ECHO, 'echoProvider'),
    startDynamicProviderPlugin({ project: PROJECT, env: { ECHO_ENV_VALUE: 'from-env' } }),
  ]);
});

afterAll(async () => {
  await plugin?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const urn = (name: string) => resourceUrn(name, { project: PROJECT });
/** Inputs as the SDK registers them: the user's props plus __provider. */
const inputs = (props: PropertyMap): PropertyMap => ({ ...props, __provider: text });

describe('plugin start-up and Configure', () => {
  test('Handshake is unimplemented (engine falls back) and GetPluginInfo reports the SDK version', async () => {
    expect(plugin.handshakeResult).toEqual({ implemented: false });
    expect(await plugin.getPluginInfo()).toEqual({ version: plugin.sdk.version });
    expect(plugin.rpcLog.slice(0, 2)).toEqual(['handshake', 'getPluginInfo']);
  });

  test('Configure answers acceptSecrets=false and no preview support', async () => {
    const result = await plugin.configure({
      variables: {
        'echo:greeting': 'hello',
        [`${PROJECT}:greeting`]: 'project-hello',
        'echo:apiKey': 's3cret',
        'other:unrelated': 'x',
      },
      secretKeys: ['echo:apiKey'],
    });
    expect(result).toEqual({
      acceptSecrets: false,
      acceptResources: false,
      supportsPreview: false,
      acceptOutputs: false,
      supportsAutonamingConfiguration: false,
    });
    expect(plugin.protocol).toEqual(result);
  });

  test('the stack config reaches configure: namespaced keys, bare keys under the project, secrets unwrapped', async () => {
    const { properties } = await plugin.create(urn('cfg'), inputs({ name: 'cfg' }));
    expect(properties).toMatchObject({
      greeting: 'hello',
      projectGreeting: 'project-hello',
      configApiKey: 's3cret',
      envValue: 'from-env',
      configureCount: 1,
    });
  });
});

describe('Check', () => {
  test('success returns the provider inputs (defaults applied, __provider kept)', async () => {
    const result = await plugin.check(urn('a'), {}, inputs({ name: 'a' }));
    expect(result).toEqual({ inputs: { name: 'a', color: 'blue', __provider: text }, failures: [] });
  });

  test('failures come back with property and reason', async () => {
    expect((await plugin.check(urn('a'), {}, inputs({}))).failures).toEqual([
      { property: 'name', reason: 'name is required' },
    ]);
    expect((await plugin.check(urn('a'), {}, inputs({ name: 'bad' }))).failures).toEqual([
      { property: 'name', reason: '"bad" is not an allowed name' },
    ]);
  });
});

describe('Diff', () => {
  let olds: PropertyMap;
  beforeAll(async () => {
    olds = (await plugin.create(urn('d'), inputs({ name: 'd', color: 'blue' }))).properties;
  });

  test('no change, an update, a replacement, delete-before-replace', async () => {
    const base = { changes: 'DIFF_NONE', replaces: [], stables: [], deleteBeforeReplace: false, diffs: [] };
    expect(await plugin.diff('echo-d', urn('d'), olds, inputs({ name: 'd', color: 'blue' }))).toMatchObject(base);
    expect(await plugin.diff('echo-d', urn('d'), olds, inputs({ name: 'd', color: 'red' }))).toMatchObject({
      ...base,
      changes: 'DIFF_SOME',
    });
    expect(await plugin.diff('echo-d', urn('d'), olds, inputs({ name: 'e', color: 'blue' }))).toMatchObject({
      ...base,
      changes: 'DIFF_SOME',
      replaces: ['name'],
    });
    expect(
      await plugin.diff('echo-d', urn('d'), olds, inputs({ name: 'e', color: 'blue', deleteBeforeReplace: true })),
    ).toMatchObject({ ...base, changes: 'DIFF_SOME', replaces: ['name'], deleteBeforeReplace: true });
  });

  test('changes: undefined becomes DIFF_UNKNOWN (the engine then compares inputs itself)', async () => {
    const result = await plugin.diff('echo-d', urn('d'), olds, inputs({ name: 'd', diffUnknown: true }));
    expect(result.changes).toBe('DIFF_UNKNOWN');
    expect(result.hasDetailedDiff).toBe(false);
  });
});

describe('Create / Read / Update / Delete', () => {
  test('round trip with the stored __provider text', async () => {
    const deleteLog = path.join(scratch, 'deleted.txt');
    const created = await plugin.create(urn('rt'), inputs({ name: 'rt', color: 'blue', deleteLog }));
    expect(created).toEqual({
      id: 'echo-rt',
      calledPlugin: true,
      properties: {
        name: 'rt',
        color: 'blue',
        deleteLog,
        greeting: 'hello',
        projectGreeting: 'project-hello',
        configApiKey: 's3cret',
        envValue: 'from-env',
        configureCount: 1,
        __provider: text,
      },
    });

    const oldInputs = inputs({ name: 'rt', color: 'blue', deleteLog });
    const read = await plugin.read(created.id, urn('rt'), created.properties, oldInputs);
    expect(read.id).toBe('echo-rt');
    expect(read.properties).toEqual({ ...created.properties, readCount: 1 });
    expect(read.inputs).toEqual({ name: 'rt', color: 'blue', __provider: text });

    const news = inputs({ name: 'rt', color: 'red', deleteLog });
    const updated = await plugin.update(created.id, urn('rt'), read.properties, news, { oldInputs });
    expect(updated.calledPlugin).toBe(true);
    expect(updated.properties).toEqual({ ...news, greeting: 'hello', previousColor: 'blue' });

    await plugin.delete(created.id, urn('rt'), updated.properties, { oldInputs: news });
    expect(readFileSync(deleteLog, 'utf8')).toBe('echo-rt\n');
  });

  test('Read answering an empty id means the resource is gone', async () => {
    const state = inputs({ name: 'g', gone: true });
    expect(await plugin.read('echo-g', urn('g'), state)).toEqual({ id: '', properties: { __provider: text } });
  });

  test('a plain error (no id) comes back as UNKNOWN without init-failure details', async () => {
    const err = await plugin.delete('echo-x', urn('x'), inputs({ name: 'x', failDelete: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginRpcError);
    expect(err).toMatchObject({
      method: 'delete',
      codeName: 'UNKNOWN',
      details: 'echo echo-x refuses to be deleted',
      initFailure: undefined,
    });
    // The plugin logs Check/Diff/Read/Delete errors to stderr (the engine shows them as diagnostics).
    await expect(plugin.waitForOutput('stderr', 'echo echo-x refuses to be deleted')).resolves.toBeTruthy();
  });
});

describe('secrets (the plugin does not accept them)', () => {
  test('sent as plain values, same-key outputs re-marked, new keys left plaintext', async () => {
    const props = inputs({ name: 's', token: secret('shh') });
    const checked = await plugin.check(urn('s'), {}, props);
    expect(checked.inputs.token).toEqual(secret('shh'));

    const created = await plugin.create(urn('s'), props);
    expect(created.properties).toMatchObject({
      token: secret('shh'), // re-marked by key, like the engine's annotateSecrets
      tokenLength: 3, // the provider saw the plain value
      tokenCopy: 'shh', // a new key: not re-marked (needs additionalSecretOutputs)
    });

    const read = await plugin.read(created.id, urn('s'), created.properties, props);
    expect(read.properties.token).toEqual(secret('shh'));
    expect(read.inputs?.token).toEqual(secret('shh'));
  });
});

describe('preview and unknowns', () => {
  test('the unknown sentinel passes through Check in preview and is dropped outside preview', async () => {
    const news = inputs({ name: UNKNOWN, note: UNKNOWN });
    const preview = await plugin.check(urn('u'), {}, news, { preview: true });
    expect(preview).toEqual({ inputs: { name: UNKNOWN, note: UNKNOWN, color: 'blue', __provider: text }, failures: [] });

    const up = await plugin.check(urn('u'), {}, news);
    expect(up.failures).toEqual([{ property: 'name', reason: 'name is required' }]);
  });

  test('Diff in preview sees the sentinel (the provider must treat it as "changing")', async () => {
    const olds = (await plugin.create(urn('pu'), inputs({ name: 'pu' }))).properties;
    const result = await plugin.diff('echo-pu', urn('pu'), olds, inputs({ name: UNKNOWN }), { preview: true });
    expect(result).toMatchObject({ changes: 'DIFF_SOME', replaces: ['name'] });
  });

  test('Create and Update are not sent to the plugin in preview', async () => {
    const before = plugin.rpcLog.length;
    const created = await plugin.create(urn('p'), inputs({ name: UNKNOWN }), { preview: true });
    expect(created).toEqual({ id: '', properties: inputs({ name: UNKNOWN }), calledPlugin: false });
    const updated = await plugin.update('echo-p', urn('p'), inputs({ name: 'p' }), inputs({ name: 'p', note: UNKNOWN }), {
      preview: true,
    });
    expect(updated).toEqual({ properties: inputs({ name: 'p', note: UNKNOWN }), calledPlugin: false });
    expect(plugin.rpcLog.length).toBe(before);
  });

  test('an unknown outside preview is refused by the harness, as the engine would', async () => {
    await expect(plugin.create(urn('p'), inputs({ name: UNKNOWN }))).rejects.toBeInstanceOf(EngineError);
  });
});

describe('partial failures (ErrorResourceInitFailed)', () => {
  test('create: id, properties and reasons are decoded from the status details', async () => {
    const props = inputs({ name: 'pf', failAfterCreate: true, token: secret('t0k') });
    const err = await plugin.create(urn('pf'), props).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginRpcError);
    const rpcErr = err as PluginRpcError;
    expect(rpcErr.codeName).toBe('UNKNOWN');
    expect(rpcErr.details).toBe('echo pf was created but is not ready');
    expect(rpcErr.initFailure).toEqual({
      id: 'echo-pf',
      properties: {
        ...props,
        token: secret('t0k'), // re-marked like a successful create's outputs
        tokenLength: 3,
        tokenCopy: 't0k',
        greeting: 'hello',
        projectGreeting: 'project-hello',
        configApiKey: 's3cret',
        envValue: 'from-env',
        configureCount: 1,
      },
      reasons: ['not ready', 'still not ready'],
      refreshBeforeUpdate: false,
    });
  });

  test('update: the same encoding', async () => {
    const olds = (await plugin.create(urn('pu2'), inputs({ name: 'pu2' }))).properties;
    const news = inputs({ name: 'pu2', failAfterUpdate: true });
    const err = (await plugin.update('echo-pu2', urn('pu2'), olds, news).catch((e: unknown) => e)) as PluginRpcError;
    expect(err.initFailure).toMatchObject({
      id: 'echo-pu2',
      properties: { ...news, greeting: 'hello', previousColor: null },
      reasons: ['update not ready'],
    });
  });
});

describe('inside the plugin process', () => {
  test('require() resolves from the working directory; the package cannot require itself by name', async () => {
    const { properties } = await plugin.create(urn('probe'), inputs({ name: 'probe', probe: true }));
    expect(properties.probe).toEqual({
      cwd: PROJECT_DIR,
      got: expect.stringContaining(path.join(PROJECT_DIR, 'node_modules/got/')),
      gotDefault: 'function', // got 14 is ESM-only: require(esm) works in the plugin (Node >= 20.19)
      self: 'ERR MODULE_NOT_FOUND',
      pulumi: path.join(PROJECT_DIR, 'node_modules/@pulumi/pulumi/package.json'),
      relative: path.join(PROJECT_DIR, 'package.json'),
      project: PROJECT,
      pulumiConfig: '{}',
      argv: [plugin.engineAddress],
    });
  });

  test('pulumi.log goes to the plugin stdout, not to the engine address', async () => {
    await plugin.create(urn('log'), inputs({ name: 'log', log: true }));
    await expect(plugin.waitForOutput('stdout', 'info: [runtime] echo create log')).resolves.toContain('echo create log');
    expect(plugin.engineLogs).toEqual([]);
  });
});
