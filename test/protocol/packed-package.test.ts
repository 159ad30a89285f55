/**
 * The package as users get it: `npm pack`, install the tarball into a fresh project, serialize the provider there
 * with the SDK, and run create/read/delete through the real plugin started in that project directory. This is
 * what proves the serialized provider finds its runtime by package name through the `exports` map.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { providerTextFor, resourceUrn, startDynamicProviderPlugin } from '../harness';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let consumer: string;
let tarball: string;
let sim: RunningSimulator;
let receiver: CallbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'gotowebinar-pack-'));
  // dist/ is fresh: `npm test` builds before running Jest. --ignore-scripts skips building it a second time.
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  tarball = path.join(work, JSON.parse(stdout)[0].filename);
  consumer = path.join(work, 'consumer');
  await run('mkdir', [consumer]);
  await writeFile(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], {
    cwd: consumer,
    maxBuffer: 16 * 1024 * 1024,
  });
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
}, 240_000);

afterAll(async () => {
  await sim?.stop();
  await receiver?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the tarball ships compiled code and docs only', async () => {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.trim().split('\n');
  expect(files).toContain('package/dist/provider/index.js');
  expect(files).toContain('package/dist/provider/runtime/index.js');
  expect(files).toContain('package/dist/simulator/index.js');
  expect(files).toContain('package/README.md');
  expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  expect(files.filter((f) => f.includes('/test/'))).toEqual([]);
});

test('installed from the tarball: the package root loads by name, and a Webhook goes through the plugin', async () => {
  const { stdout } = await run(process.execPath, ['-e', "const g=require('pulumi-gotowebinar'); console.log(typeof g.Webhook, typeof g.verifyWebhookSignature, typeof require('pulumi-gotowebinar/receiving').createWebhookReceiver)"], { cwd: consumer });
  expect(stdout.trim()).toBe('function function function');

  const shim = path.join(consumer, 'node_modules/pulumi-gotowebinar/dist/provider/resources/shim.js');
  const text = await providerTextFor(shim, 'webhookProvider', { cwd: consumer });
  expect(text).not.toContain(ROOT + '/dist'); // nothing points back into this repository

  const plugin = await startDynamicProviderPlugin({ cwd: consumer, project: 'consumer' });
  try {
    await plugin.configure({
      variables: { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl },
      secretKeys: ['gotowebinar:accessToken'],
    });
    const urn = resourceUrn('packed', { type: 'pulumi-nodejs:dynamic/gotowebinar:Webhook', project: 'consumer' });
    const { inputs, failures } = await plugin.check(urn, {}, { eventName: 'webinar.changed', callbackUrl: `${receiver.url}/p`, __provider: text });
    expect(failures).toEqual([]);
    const created = await plugin.create(urn, inputs);
    expect(sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: created.id, state: 'ACTIVE' })]);
    expect((await plugin.read(created.id, urn, created.properties, inputs)).id).toBe(created.id);
    await plugin.delete(created.id, urn, created.properties);
    expect(sim.state().webhooks).toEqual([]);
  } finally {
    await plugin.stop();
  }
});

test('the consumer project has its own copy of the runtime (no link back here)', async () => {
  const runtime = await readdir(path.join(consumer, 'node_modules/pulumi-gotowebinar/dist/provider/runtime'));
  expect(runtime).toContain('index.js');
});
