/**
 * The table and the docs' snippet in a runtime that serves HTTP itself (Deno, Bun): one process of that runtime,
 * started in a consumer project that has the package in its node_modules, serves both: the table harness on
 * HARNESS_PORT and the snippet on PORT.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeDeliveryTable, httpPlace } from './deliveries';
import { consumerProject, copyInto, freePort, runtimeBinary, startProcess, waitForHttp, type ConsumerProject, type RunningProcess } from './runtimes';
import { expectSnippetReceives, SNIPPET_SECRET } from './snippet-check';

export interface ServedRuntime {
  runtime: 'deno' | 'bun';
  /** As the docs name the runtime: `Deno`, `Bun`. */
  label: string;
  /** The program: imports `./table-harness.ts` and `./snippet.ts`, serves the harness on HARNESS_PORT. */
  main: string;
  /** The runtime's arguments before `main.ts`. */
  args: string[];
  /** The runtime's own variables (caches in the project, no telemetry or update checks). */
  env(projectDir: string): Record<string, string>;
}

export function describeServedRuntime(r: ServedRuntime): void {
  let project: ConsumerProject | undefined;
  let running: RunningProcess | undefined;
  let snippetUrl: string;

  async function start() {
    const binary = runtimeBinary(r.runtime);
    project = consumerProject(r.runtime);
    copyInto(project, 'harness/table-harness.ts', 'table-harness.ts');
    copyInto(project, `snippets/${r.runtime}.ts`, 'snippet.ts');
    fs.writeFileSync(path.join(project.dir, 'main.ts'), r.main);
    const [harnessPort, snippetPort] = [await freePort(), await freePort()];
    running = startProcess(binary, [...r.args, 'main.ts'], {
      cwd: project.dir,
      env: { ...r.env(project.dir), HARNESS_PORT: String(harnessPort), PORT: String(snippetPort), GOTO_WEBHOOK_SECRET: SNIPPET_SECRET },
    });
    const harnessUrl = `http://127.0.0.1:${harnessPort}`;
    snippetUrl = `http://127.0.0.1:${snippetPort}/goto/webhooks`;
    await waitForHttp(`${harnessUrl}/goto/webhooks`, running);
    await waitForHttp(snippetUrl, running);
    return httpPlace(harnessUrl);
  }

  async function stop() {
    await running?.stop();
    project?.remove();
  }

  describeDeliveryTable(`createWebhookFetchHandler under ${r.label}.serve`, start, stop, () => {
    test(`the docs' ${r.label} snippet receives a signed delivery`, async () => {
      await expectSnippetReceives(snippetUrl, () => running!.output());
    });
  });
}
