/**
 * The package as users get it: `npm pack`, install the tarball into a fresh project, serialize the provider there
 * with the SDK, and run create/read/delete through the real plugin started in that project directory. This is
 * what proves the serialized provider finds its runtime by package name through the `exports` map: installed there,
 * the text is one `require` of the webhook's provider module; the longer text written where the package was
 * not under node_modules asks for `pulumi-gotowebinar/runtime`; and text that 0.1.0 wrote into state asks for the one
 * legacy file path. All three must keep working with the installed package.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { promisify } from 'node:util';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { installConsumer, packedTarball, type InstalledExample } from '../examples/install-example';
import { providerTextFor, resourceUrn, startDynamicProviderPlugin } from '../harness';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

const run = promisify(execFile);
const WEBHOOK = 'pulumi-nodejs:dynamic/gotowebinar:Webhook';
/** The file 0.1.0's serialized provider requires (its exports map had `./dist/*`). */
const LEGACY_RUNTIME = 'pulumi-gotowebinar/dist/provider/runtime/index.js';

let installed: InstalledExample;
let consumer: string;
let tarball: string;
/** What the SDK serializes with the package installed in the consumer: the short text. */
let text: string;
/** What it serializes where the package is not under node_modules (this repository; `npm link`): the object by value. */
let longText: string;
let sim: RunningSimulator;
let receiver: CallbackServer;

beforeAll(async () => {
  tarball = await packedTarball();
  installed = await installConsumer('pack-consumer');
  consumer = installed.dir;
  const webhookModule = 'dist/provider/resources/providers/webhook.js';
  text = await providerTextFor(path.join(consumer, 'node_modules/pulumi-gotowebinar', webhookModule), '.', { cwd: consumer });
  longText = await providerTextFor(path.join(ROOT, webhookModule), '.', { cwd: ROOT });
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
}, 240_000);

afterAll(async () => {
  await sim?.stop();
  await receiver?.stop();
  installed?.remove();
});

/** Runs `script` with node in the consumer project and parses the JSON it prints. */
async function inConsumer(script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: consumer });
  return JSON.parse(stdout);
}

/** create, read and delete of one Webhook through a plugin started in the consumer project, with `providerText`. */
async function webhookRoundTrip(providerText: string, name: string): Promise<void> {
  const plugin = await startDynamicProviderPlugin({ cwd: consumer, project: 'consumer' });
  try {
    await plugin.configure({
      variables: { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl },
      secretKeys: ['gotowebinar:accessToken'],
    });
    const urn = resourceUrn(name, { type: WEBHOOK, project: 'consumer' });
    const { inputs, failures } = await plugin.check(urn, {}, { eventName: 'webinar.changed', callbackUrl: `${receiver.url}/${name}`, __provider: providerText });
    expect(failures).toEqual([]);
    const created = await plugin.create(urn, inputs);
    expect(created.properties.__provider).toBe(providerText);
    expect(sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: created.id, state: 'ACTIVE' })]);
    expect((await plugin.read(created.id, urn, created.properties, inputs)).id).toBe(created.id);
    await plugin.delete(created.id, urn, created.properties);
    expect(sim.state().webhooks).toEqual([]);
  } finally {
    await plugin.stop();
  }
}

test('the tarball ships the compiled package and docs only: no simulator, no sources, no tests', async () => {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.trim().split('\n');
  expect(files).toContain('package/dist/provider/index.js');
  expect(files).toContain('package/dist/provider/runtime/index.js');
  expect(files).toContain('package/README.md');
  expect(files.filter((f) => /simulator/i.test(f))).toEqual([]);
  expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  expect(files.filter((f) => f.includes('/test/'))).toEqual([]);
  // Installing it brings no simulator either, and no @pulumi/random (only this repository's own stack uses it).
  expect(existsSync(path.join(consumer, 'node_modules/pulumi-gotowebinar-simulator'))).toBe(false);
  expect(existsSync(path.join(consumer, 'node_modules/@pulumi/random'))).toBe(false);
});

test('exports: the runtime, the three providers and the one legacy path, nothing else under dist/', async () => {
  const probe = `
    const out = {};
    const runtime = require('pulumi-gotowebinar/runtime');
    out.kinds = Object.keys(runtime.providers);
    out.providers = ['webhook', 'secret-key', 'user-subscription'].map((k) => typeof require('pulumi-gotowebinar/dist/provider/resources/providers/' + k + '.js').create);
    out.legacyIsSameModule = require(${JSON.stringify(LEGACY_RUNTIME)}) === runtime;
    for (const p of ['pulumi-gotowebinar/dist/provider/api/index.js', 'pulumi-gotowebinar/dist/provider/runtime/settings.js',
                     'pulumi-gotowebinar/dist/provider/index.js', 'pulumi-gotowebinar/simulator']) {
      try { require(p); out[p] = 'loaded'; } catch (e) { out[p] = e.code; }
    }
    console.log(JSON.stringify(out));`;
  expect(await inConsumer(probe)).toEqual({
    kinds: ['webhook', 'secretKey', 'userSubscription'],
    providers: ['function', 'function', 'function'],
    legacyIsSameModule: true,
    'pulumi-gotowebinar/dist/provider/api/index.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    'pulumi-gotowebinar/dist/provider/runtime/settings.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    'pulumi-gotowebinar/dist/provider/index.js': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    'pulumi-gotowebinar/simulator': 'ERR_PACKAGE_PATH_NOT_EXPORTED',
  });
});

test('installed from the tarball: the package root loads by name, and a Webhook goes through the plugin', async () => {
  expect(
    await inConsumer("const g=require('pulumi-gotowebinar'); console.log(JSON.stringify([typeof g.Webhook, typeof g.verifyWebhookSignature, typeof require('pulumi-gotowebinar/receiving').createWebhookReceiver]))"),
  ).toEqual(['function', 'function', 'function']);

  // The short text: the serializer names the installed module by its `exports` entry, and nothing else.
  expect(text).toContain('require("pulumi-gotowebinar/dist/provider/resources/providers/webhook.js")');
  expect(text.length).toBeLessThan(400);
  expect(text).not.toContain(ROOT); // nothing points back into this repository
  await webhookRoundTrip(text, 'packed');
});

test('the long text (the object by value, as written where the package was not under node_modules) works installed', async () => {
  expect(longText.length).toBeGreaterThan(2000);
  expect(longText).toContain('"pulumi-gotowebinar/runtime"');
  expect(longText).not.toContain('"pulumi-gotowebinar/dist'); // no bare specifier into dist/
  expect(longText).not.toContain(ROOT);
  await webhookRoundTrip(longText, 'long');
});

test('`__provider` text as 0.1.0 wrote it into state still creates, reads and deletes with the installed package', async () => {
  // 0.1.0's candidates: the legacy file path, then the runtime's absolute path on the machine that serialized it
  // (gone here, as on any other machine), so only the legacy export can serve it. Today's text holds no path.
  // (test/upgrade/from-release.test.ts runs 0.1.0's real text, from a fixture, under the engine.)
  const candidates = /var __candidates = \["pulumi-gotowebinar\/runtime"\];/;
  expect(longText).toMatch(candidates);
  const legacy = longText.replace(candidates, `var __candidates = ["${LEGACY_RUNTIME}", "/home/ci/app/node_modules/pulumi-gotowebinar/dist/provider/runtime"];`);
  expect(legacy).toContain(LEGACY_RUNTIME);
  await webhookRoundTrip(legacy, 'legacy');
});

test('the consumer project has its own copy of the runtime (no link back here)', async () => {
  const runtime = readdirSync(path.join(consumer, 'node_modules/pulumi-gotowebinar/dist/provider/runtime'));
  expect(runtime).toContain('index.js');
});
