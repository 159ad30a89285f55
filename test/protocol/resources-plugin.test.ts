/**
 * The three resources through the REAL dynamic-provider plugin process, driven over gRPC as the engine drives it,
 * with the `__provider` text produced by the SDK's own serializer from the compiled package (`npm test` builds it
 * first). This catches what calling the provider methods directly hides: serialization, the require() of the
 * runtime from the serialized text, Configure's config shape, secrets and unknowns on the wire, init errors.
 */
import * as path from 'node:path';
import { GoToClient } from '../../provider/api';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import {
  DynamicProviderPlugin,
  PluginRpcError,
  providerTextFor,
  resourceUrn,
  secret,
  startDynamicProviderPlugin,
  UNKNOWN,
} from '../harness';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

const PROVIDERS = path.resolve(__dirname, '../../dist/provider/resources/providers');
const WEBHOOK = 'pulumi-nodejs:dynamic/gotowebinar:Webhook';
const SECRET_KEY = 'pulumi-nodejs:dynamic/gotowebinar:SecretKey';
const SUBSCRIPTION = 'pulumi-nodejs:dynamic/gotowebinar:UserSubscription';

let sim: RunningSimulator;
let receiver: CallbackServer;
let plugin: DynamicProviderPlugin;
let admin: GoToClient;
const text: Record<string, string> = {};
let stackConfig: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  const modules = { webhookProvider: 'webhook', secretKeyProvider: 'secret-key', userSubscriptionProvider: 'user-subscription' };
  for (const [name, file] of Object.entries(modules)) {
    text[name] = await providerTextFor(path.join(PROVIDERS, `${file}.js`), '.');
  }
  stackConfig = {
    'gotowebinar:accessToken': sim.users[0].accessToken,
    'gotowebinar:apiUrl': sim.apiUrl,
    'gotowebinar:authUrl': sim.authUrl,
    // Drift is made out of band between calls to one plugin process: read every object afresh.
    'gotowebinar:readSnapshotSeconds': '0',
    'gotowebinar:clientId': sim.clients[0].clientId,
    'gotowebinar:clientSecret': sim.clients[0].clientSecret,
    'gotowebinar:organizers': JSON.stringify({ bob: { refreshToken: sim.users[1].refreshToken } }),
  };
  plugin = await startPlugin();
  await plugin.configure({
    variables: stackConfig,
    secretKeys: ['gotowebinar:accessToken', 'gotowebinar:clientSecret', 'gotowebinar:organizers'],
  });
  admin = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });
}, 60_000);

afterAll(async () => {
  await plugin?.stop();
  await sim?.stop();
  await receiver?.stop();
});

/** The plugin inherits the environment like the engine's; GOTOWEBINAR_* of the developer must not leak in. */
function startPlugin(env: Record<string, string | undefined> = {}) {
  const clean = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('GOTOWEBINAR_')).map((k) => [k, undefined]));
  return startDynamicProviderPlugin({ project: 'gotowebinar-protocol-test', env: { ...clean, ...env } });
}

function webhookInputs(extra: Record<string, unknown> = {}) {
  return { eventName: 'registrant.added', callbackUrl: `${receiver.url}/hook`, __provider: text.webhookProvider, ...extra };
}

test('the serialized provider is small and holds no credential', () => {
  for (const [name, t] of Object.entries(text)) {
    expect(t.length).toBeLessThan(8 * 1024);
    const credentials = ['gotowebinar:accessToken', 'gotowebinar:clientSecret', 'gotowebinar:organizers'].map((k) => stackConfig[k]);
    for (const value of credentials) expect(t).not.toContain(value);
    expect(t).not.toMatch(/dev-token|dev-refresh|client-secret/);
    expect(t).toContain('"pulumi-gotowebinar/runtime"');
    expect(name).toMatch(/Provider$/);
  }
});

test('Webhook: check, create, no-op diff, drift, update, read, delete through the plugin', async () => {
  const urn = resourceUrn('registrations', { type: WEBHOOK });
  const checked = await plugin.check(urn, {}, webhookInputs());
  expect(checked.failures).toEqual([]);
  expect(checked.inputs).toMatchObject({ eventVersion: '1.0.0', product: 'g2w', webhookState: 'ACTIVE' });

  const created = await plugin.create(urn, checked.inputs);
  expect(created.id).toMatch(/^\d+$/);
  expect(created.properties).toMatchObject({ webhookKey: created.id, webhookState: 'ACTIVE', __provider: text.webhookProvider });
  expect(sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: created.id, state: 'ACTIVE' })]);

  const clean = await plugin.diff(created.id, urn, created.properties, checked.inputs, { oldInputs: checked.inputs });
  expect(clean).toMatchObject({ changes: 'DIFF_NONE', replaces: [] });

  await admin.updateWebhooks([{ webhookKey: created.id, webhookState: 'INACTIVE' }]);
  const drift = await plugin.diff(created.id, urn, created.properties, checked.inputs, { oldInputs: checked.inputs });
  expect(drift).toMatchObject({ changes: 'DIFF_SOME', replaces: [] });

  const updated = await plugin.update(created.id, urn, created.properties, checked.inputs, { oldInputs: checked.inputs });
  expect(updated.properties.webhookState).toBe('ACTIVE');
  expect((await admin.getWebhook(created.id)).webhookState).toBe('ACTIVE');

  const read = await plugin.read(created.id, urn, updated.properties, checked.inputs);
  expect(read.id).toBe(created.id);
  expect(read.inputs).toMatchObject({ eventName: 'registrant.added', callbackUrl: `${receiver.url}/hook`, webhookState: 'ACTIVE' });

  await plugin.delete(created.id, urn, updated.properties);
  expect(sim.state().webhooks).toEqual([]);
  await plugin.delete(created.id, urn, updated.properties); // already gone: still fine
  expect((await plugin.read(created.id, urn, updated.properties, checked.inputs)).id).toBe('');
});

test('check failures reach the engine with property and reason; unknowns pass in preview', async () => {
  const urn = resourceUrn('bad', { type: WEBHOOK });
  const { failures } = await plugin.check(urn, {}, webhookInputs({ callbackUrl: 'http://hooks.example.com/x', eventName: 'nope' }));
  expect(failures.map((f) => f.property).sort()).toEqual(['callbackUrl', 'eventName']);
  expect(failures.find((f) => f.property === 'callbackUrl')!.reason).toMatch(/https/);
  const preview = await plugin.check(urn, {}, webhookInputs({ callbackUrl: UNKNOWN }), { preview: true });
  expect(preview.failures).toEqual([]);
});

test('a deleted webhook shows as a replacement', async () => {
  const urn = resourceUrn('gone', { type: WEBHOOK });
  const { inputs } = await plugin.check(urn, {}, webhookInputs());
  const created = await plugin.create(urn, inputs);
  await admin.deleteWebhooks([created.id]);
  const diff = await plugin.diff(created.id, urn, created.properties, inputs);
  expect(diff).toMatchObject({ changes: 'DIFF_SOME', replaces: ['webhookKey'] });
});

test('partial failure: activation fails, the plugin returns an init error carrying id and properties', async () => {
  const slow = await startPlugin();
  try {
    await slow.configure({ variables: { ...stackConfig, 'gotowebinar:consistencyTimeoutSeconds': '1' } });
    sim.setFaults({ notFoundAfterCreateMs: 30_000 });
    const urn = resourceUrn('half', { type: WEBHOOK });
    const { inputs } = await slow.check(urn, {}, webhookInputs());
    const err = (await slow.create(urn, inputs).catch((e) => e)) as PluginRpcError;
    sim.setFaults({ notFoundAfterCreateMs: 0 });
    expect(err).toBeInstanceOf(PluginRpcError);
    expect(err.initFailure).toBeDefined();
    const failure = err.initFailure!;
    expect(failure.id).toMatch(/^\d+$/);
    expect(failure.properties).toMatchObject({ webhookKey: failure.id, webhookState: 'INACTIVE', __provider: text.webhookProvider });
    expect(failure.reasons[0]).toMatch(/updateWebhooks/);
    // The next `up`: Diff against the recorded properties, then Update finishes the job; no second webhook.
    const diff = await slow.diff(failure.id, urn, failure.properties, inputs);
    expect(diff.changes).toBe('DIFF_SOME');
    const updated = await slow.update(failure.id, urn, failure.properties, inputs);
    expect(updated.properties.webhookState).toBe('ACTIVE');
    expect(sim.state().webhooks.filter((w) => w.webhookKey === failure.id)).toEqual([expect.objectContaining({ state: 'ACTIVE' })]);
  } finally {
    sim.setFaults({ notFoundAfterCreateMs: 0 });
    await slow.stop();
  }
});

test('SecretKey: the value comes back once; a secret rotation input stays secret; the value is never in stderr', async () => {
  const urn = resourceUrn('signing', { type: SECRET_KEY });
  const news = { rotation: secret('2026-q4'), __provider: text.secretKeyProvider };
  const { inputs, failures } = await plugin.check(urn, {}, news);
  expect(failures).toEqual([]);
  const created = await plugin.create(urn, inputs);
  const stored = sim.state().secretKeys.find((k) => String(k.id) === created.id)!;
  expect(created.properties.secretKey).toBe(stored.value);
  // Secret inputs are stripped for the call and re-marked by key on the way back, as the engine does.
  expect(created.properties.rotation).toEqual(secret('2026-q4'));
  expect(plugin.stderr()).not.toContain(stored.value);
});

test('UserSubscription for organizer bob: credentials resolved in the plugin from the config profile', async () => {
  const w = await admin.createWebhooks([{ callbackUrl: `${receiver.url}/w`, eventName: 'webinar.created' }]).then(([w]) => w!);
  await admin.updateWebhooks([{ webhookKey: w.webhookKey, webhookState: 'ACTIVE' }]);
  const urn = resourceUrn('bob-webinars', { type: SUBSCRIPTION });
  const { inputs } = await plugin.check(urn, {}, { webhookKey: w.webhookKey, organizer: 'bob', __provider: text.userSubscriptionProvider });
  const created = await plugin.create(urn, inputs);
  expect(created.properties).toMatchObject({ activationState: 'ACTIVE', organizer: 'bob', eventName: 'webinar.created' });
  expect(sim.state().userSubscriptions).toEqual([
    expect.objectContaining({ userSubscriptionKey: created.id, userKey: sim.users[1].userKey }),
  ]);
  await plugin.delete(created.id, urn, created.properties);
  expect(sim.state().userSubscriptions).toEqual([]);
});

test('the configure race: calls made in parallel right after Configure all see the config', async () => {
  const fresh = await startPlugin();
  try {
    await fresh.configure({ variables: stackConfig });
    const urn = resourceUrn('race', { type: WEBHOOK });
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((s) => fresh.check(urn, {}, webhookInputs({ callbackUrl: `${receiver.url}/${s}` })).then((c) => fresh.create(urn, c.inputs))),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(4);
  } finally {
    await fresh.stop();
  }
});

test('credentials from GOTOWEBINAR_* environment variables when the stack config has none', async () => {
  const envPlugin = await startPlugin({ GOTOWEBINAR_ACCESS_TOKEN: sim.users[0].accessToken, GOTOWEBINAR_API_URL: sim.apiUrl });
  try {
    await envPlugin.configure({ variables: {} });
    const urn = resourceUrn('from-env', { type: SECRET_KEY });
    const created = await envPlugin.create(urn, { __provider: text.secretKeyProvider });
    expect(created.id).toMatch(/^\d+$/);
  } finally {
    await envPlugin.stop();
  }
});

test('no credentials anywhere: one clear error naming both ways, with no secret in it', async () => {
  const bare = await startPlugin();
  try {
    await bare.configure({ variables: { 'gotowebinar:apiUrl': sim.apiUrl } });
    const urn = resourceUrn('nocreds', { type: WEBHOOK });
    const err = (await bare.create(urn, webhookInputs()).catch((e) => e)) as PluginRpcError;
    expect(err).toBeInstanceOf(PluginRpcError);
    expect(err.details).toMatch(/gotowebinar:accessToken/);
    expect(err.details).toMatch(/GOTOWEBINAR_ACCESS_TOKEN/);
  } finally {
    await bare.stop();
  }
});
