/**
 * Bun (its binary from the `@oven/bun-linux-x64-baseline` npm package): the delivery table against the Fetch
 * handler of `pulumi-gotowebinar/receiving/web` under Bun.serve, and the docs' Bun snippet (snippets/bun.ts), both in
 * one Bun process that loads the package from a project's node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeDeliveryTable, httpPlace } from './deliveries';
import {
  consumerProject,
  copyInto,
  freePort,
  runtimeBinary,
  startProcess,
  waitForHttp,
  type ConsumerProject,
  type RunningProcess,
} from './runtimes';
import { expectSnippetReceives, SNIPPET_SECRET } from './snippet-check';

const MAIN = `
import { tableHarness } from './table-harness.ts';
import './snippet.ts'; // serves on PORT

Bun.serve({ port: Number(process.env.HARNESS_PORT), hostname: '127.0.0.1', fetch: tableHarness() });
`;

let project: ConsumerProject | undefined;
let bun: RunningProcess | undefined;
let snippetUrl: string;

async function start() {
  const binary = runtimeBinary('bun');
  project = consumerProject('bun');
  copyInto(project, 'harness/table-harness.ts', 'table-harness.ts');
  copyInto(project, 'snippets/bun.ts', 'snippet.ts');
  fs.writeFileSync(path.join(project.dir, 'main.ts'), MAIN);
  const [harnessPort, snippetPort] = [await freePort(), await freePort()];
  bun = startProcess(binary, ['run', 'main.ts'], {
    cwd: project.dir,
    env: {
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', // no cache left behind in the home directory
      DO_NOT_TRACK: '1',
      HARNESS_PORT: String(harnessPort),
      PORT: String(snippetPort),
      GOTO_WEBHOOK_SECRET: SNIPPET_SECRET,
    },
  });
  const harnessUrl = `http://127.0.0.1:${harnessPort}`;
  snippetUrl = `http://127.0.0.1:${snippetPort}/goto/webhooks`;
  await waitForHttp(`${harnessUrl}/goto/webhooks`, bun);
  await waitForHttp(snippetUrl, bun);
  return httpPlace(harnessUrl);
}

async function stop() {
  await bun?.stop();
  project?.remove();
}

describeDeliveryTable('createWebhookFetchHandler under Bun.serve', start, stop, () => {
  test("the docs' Bun snippet receives a signed delivery", async () => {
    await expectSnippetReceives(snippetUrl, () => bun!.output());
  });
});
