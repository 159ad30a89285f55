/**
 * Every documented entry point, as a new user's project sees it: the packed package and the packed simulator
 * package installed into a fresh project with TypeScript, and a small program importing each entry compiled with
 * `tsc --noEmit` under each `moduleResolution` a project may use (`node`, the node10 resolution of Pulumi's own
 * templates, which ignores `exports`; `node16`; `nodenext`; `bundler`), each with its matching `module`. Types must
 * resolve and be the real ones: each entry has a line that is an error only when its types were found
 * (`@ts-expect-error`), so an entry that resolved to `any` fails too. Then the same entries load at run time, from
 * CommonJS and from an ES module, and the installed simulator starts and stops.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { installConsumer, packedSimulatorTarball, type InstalledExample } from '../examples/install-example';

const run = promisify(execFile);

/** The entries the README documents: the package's subpaths and the simulator's own package. */
const ENTRIES = ['pulumi-gotowebinar', 'pulumi-gotowebinar/receiving', 'pulumi-gotowebinar/receiving/web', 'pulumi-gotowebinar/client', 'pulumi-gotowebinar/rules', 'pulumi-gotowebinar/runtime', 'pulumi-gotowebinar/native', 'pulumi-gotowebinar-simulator'];

const PROGRAM = `
import { Webhook, verifyWebhookSignature } from 'pulumi-gotowebinar';
import { createWebhookReceiver, type WebhookEvent } from 'pulumi-gotowebinar/receiving';
import { createWebhookFetchHandler } from 'pulumi-gotowebinar/receiving/web';
import { GoToClient } from 'pulumi-gotowebinar/client';
import { callbackUrl } from 'pulumi-gotowebinar/rules';
import { providers } from 'pulumi-gotowebinar/runtime';
import * as native from 'pulumi-gotowebinar/native';
import { startSimulator, type RunningSimulator } from 'pulumi-gotowebinar-simulator';

export type EventName = WebhookEvent['eventName'];
export const webhook = (url: string) => new Webhook('w', { eventName: 'registrant.added', callbackUrl: url });
export const nativeWebhook = (url: string) => new native.Webhook('w', { eventName: native.EventName.Registrant_added, callbackUrl: url });

export async function apiUrl(): Promise<string> {
  const sim: RunningSimulator = await startSimulator({ allowLoopbackHttp: true });
  await sim.stop();
  return sim.apiUrl;
}

// Each line is an error only with the entry's real types (none is a number); with \`any\` the directive is unused.
// @ts-expect-error root entry typed
export const a: number = verifyWebhookSignature;
// @ts-expect-error receiving entry typed
export const b: number = createWebhookReceiver;
// @ts-expect-error web receiving entry typed
export const w: number = createWebhookFetchHandler;
// @ts-expect-error client entry typed
export const c: number = GoToClient;
// @ts-expect-error rules entry typed
export const r: number = callbackUrl;
// @ts-expect-error runtime entry typed
export const d: number = providers.webhook;
// @ts-expect-error native entry typed (the generated SDK)
export const n: number = native.Webhook;
// @ts-expect-error simulator entry typed
export const e: number = startSimulator;
`;

/** moduleResolution → the matching module setting, and the files compiled (an ES module too where node has both). */
const SETTINGS: Record<string, { module: string; files: string[] }> = {
  node: { module: 'commonjs', files: ['program.ts'] },
  node16: { module: 'node16', files: ['program.ts', 'program.mts'] },
  nodenext: { module: 'nodenext', files: ['program.ts', 'program.mts'] },
  bundler: { module: 'esnext', files: ['program.ts'] },
};

let consumer: InstalledExample;
let simulatorTarball: string;

beforeAll(async () => {
  simulatorTarball = await packedSimulatorTarball();
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  consumer = await installConsumer('types-consumer', {
    'pulumi-gotowebinar-simulator': `file:${simulatorTarball}`,
    typescript: version('typescript'),
    '@types/node': version('@types/node'),
  });
  fs.writeFileSync(path.join(consumer.dir, 'program.ts'), PROGRAM);
  fs.writeFileSync(path.join(consumer.dir, 'program.mts'), PROGRAM);
  for (const [resolution, { module, files }] of Object.entries(SETTINGS)) {
    const compilerOptions = { module, moduleResolution: resolution, target: 'es2022', strict: true, noEmit: true, types: ['node'] };
    fs.writeFileSync(path.join(consumer.dir, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
  }
}, 240_000);

afterAll(() => consumer?.remove());

test('the simulator package ships its compiled code, types and README only', async () => {
  const { stdout } = await run('tar', ['-tzf', simulatorTarball]);
  const files = stdout.trim().split('\n');
  expect(files).toEqual(expect.arrayContaining(['package/package.json', 'package/README.md', 'package/dist/simulator/index.js', 'package/dist/simulator/index.d.ts']));
  expect(files.filter((f) => !f.startsWith('package/dist/') && !['package/package.json', 'package/README.md'].includes(f))).toEqual([]);
  expect(files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
});

test.each(Object.keys(SETTINGS))('moduleResolution %s: every entry resolves with its types (tsc: 0 errors)', async (resolution) => {
  const tsc = path.join(consumer.dir, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: consumer.dir }).then(
    () => ({ code: 0, output: '' }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  expect(result).toEqual({ code: 0, output: '' });
});

test('at run time every entry loads, from CommonJS and from an ES module, and the installed simulator runs', async () => {
  const cjs = `console.log(JSON.stringify(${JSON.stringify(ENTRIES)}.map((e) => Object.keys(require(e)).length > 0)))`;
  const esm = `const loaded = []; for (const e of ${JSON.stringify(ENTRIES)}) loaded.push(Object.keys(await import(e)).length > 0); console.log(JSON.stringify(loaded))`;
  const all = ENTRIES.map(() => true);
  expect(JSON.parse((await run(process.execPath, ['-e', cjs], { cwd: consumer.dir })).stdout)).toEqual(all);
  expect(JSON.parse((await run(process.execPath, ['--input-type=module', '-e', esm], { cwd: consumer.dir })).stdout)).toEqual(all);

  const sim = `
    const { startSimulator } = require('pulumi-gotowebinar-simulator');
    startSimulator({ allowLoopbackHttp: true }).then(async (sim) => {
      const res = await fetch(sim.apiUrl + '/webhooks?product=g2w', { headers: { authorization: 'Bearer ' + sim.users[0].accessToken } });
      console.log(JSON.stringify({ status: res.status, body: await res.json() }));
      await sim.stop();
    });`;
  expect(JSON.parse((await run(process.execPath, ['-e', sim], { cwd: consumer.dir })).stdout)).toEqual({ status: 200, body: { _embedded: { webhooks: [] } } });
});
