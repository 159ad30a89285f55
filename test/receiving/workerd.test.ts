/**
 * Cloudflare's workerd (through miniflare, from the npm registry), without the Node.js compatibility flag: the
 * delivery table against the Fetch handler of `pulumi-gotowebinar/receiving/web`, and the docs' Workers snippet
 * (snippets/workers.ts) on the same Worker under /docs/. Both are bundled from a project's node_modules the way
 * wrangler bundles a Worker (esbuild, for the workerd and browser conditions, with no Node platform): a `node:`
 * import anywhere in what the entry loads fails the bundling, and a Node global used at run time fails in workerd.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import { describeDeliveryTable, httpPlace } from './deliveries';
import { consumerProject, copyInto, type ConsumerProject } from './runtimes';
import { expectSnippetReceives, SNIPPET_SECRET } from './snippet-check';

const WORKER = `
import { tableHarness } from './table-harness';
import snippet from './snippet';

const harness = tableHarness();

export default {
  fetch(request: Request, env: { GOTO_WEBHOOK_SECRET: string }): Promise<Response> {
    return new URL(request.url).pathname.startsWith('/docs/') ? snippet.fetch(request, env) : harness(request);
  },
};
`;

let project: ConsumerProject | undefined;
let miniflare: Miniflare | undefined;
let baseUrl: string;
const logs: string[] = [];

/** The Worker as wrangler would build it: one ES module, everything it imports bundled in. */
async function bundle(dir: string): Promise<string> {
  const built = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ['worker.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral', // no Node built-ins: an import of one cannot be resolved, and fails the build
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return built.outputFiles[0]!.text;
}

async function start() {
  project = consumerProject('workerd');
  copyInto(project, 'harness/table-harness.ts', 'table-harness.ts');
  copyInto(project, 'snippets/workers.ts', 'snippet.ts');
  fs.writeFileSync(path.join(project.dir, 'worker.ts'), WORKER);
  const script = await bundle(project.dir);
  miniflare = new Miniflare({
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: script }],
    compatibilityDate: '2026-04-01',
    compatibilityFlags: [], // no nodejs_compat: nothing of Node is there
    bindings: { GOTO_WEBHOOK_SECRET: SNIPPET_SECRET },
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
      stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    },
  });
  baseUrl = (await miniflare.ready).origin;
  return httpPlace(baseUrl);
}

async function stop() {
  await miniflare?.dispose();
  project?.remove();
}

describeDeliveryTable('createWebhookFetchHandler in workerd (no nodejs_compat)', start, stop, () => {
  test("the docs' Workers snippet receives a signed delivery", async () => {
    await expectSnippetReceives(`${baseUrl}/docs/goto/webhooks`, () => logs.join(''));
  });
});

test('bundling for a platform without Node fails on a node: import (what makes the bundle above a proof)', async () => {
  const failed = await esbuild
    .build({ stdin: { contents: "import { createHmac } from 'node:crypto'; createHmac;" }, bundle: true, write: false, platform: 'neutral', logLevel: 'silent' })
    .then(() => 'built', (error: Error) => error.message);
  expect(failed).toMatch(/Could not resolve "node:crypto"/);
});
