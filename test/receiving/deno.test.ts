/**
 * Deno (its binary from the `deno` npm package's platform package): the delivery table against the Fetch handler of
 * `pulumi-gotowebinar/receiving/web` under Deno.serve, and the docs' Deno snippet (snippets/deno.ts), both in one
 * Deno process that loads the package from a project's node_modules the way `npm:` imports do.
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

Deno.serve({ port: Number(Deno.env.get('HARNESS_PORT')), hostname: '127.0.0.1', onListen() {} }, tableHarness());
`;

let project: ConsumerProject | undefined;
let deno: RunningProcess | undefined;
let snippetUrl: string;

async function start() {
  const binary = runtimeBinary('deno');
  project = consumerProject('deno');
  copyInto(project, 'harness/table-harness.ts', 'table-harness.ts');
  copyInto(project, 'snippets/deno.ts', 'snippet.ts');
  fs.writeFileSync(path.join(project.dir, 'main.ts'), MAIN);
  const [harnessPort, snippetPort] = [await freePort(), await freePort()];
  deno = startProcess(binary, ['run', '--allow-net', '--allow-env', '--allow-read', 'main.ts'], {
    cwd: project.dir,
    env: {
      DENO_DIR: path.join(project.dir, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
      HARNESS_PORT: String(harnessPort),
      PORT: String(snippetPort),
      GOTO_WEBHOOK_SECRET: SNIPPET_SECRET,
    },
  });
  const harnessUrl = `http://127.0.0.1:${harnessPort}`;
  snippetUrl = `http://127.0.0.1:${snippetPort}/goto/webhooks`;
  await waitForHttp(`${harnessUrl}/goto/webhooks`, deno);
  await waitForHttp(snippetUrl, deno);
  return httpPlace(harnessUrl);
}

async function stop() {
  await deno?.stop();
  project?.remove();
}

describeDeliveryTable('createWebhookFetchHandler under Deno.serve', start, stop, () => {
  test("the docs' Deno snippet receives a signed delivery", async () => {
    await expectSnippetReceives(snippetUrl, () => deno!.output());
  });
});
