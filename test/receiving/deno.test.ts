/**
 * Deno (its binary from the `deno` npm package's platform package): the delivery table against the Fetch handler of
 * `pulumi-gotowebinar/receiving/web` under Deno.serve, and the docs' Deno snippet (snippets/deno.ts), both in one
 * Deno process that loads the package from a project's node_modules the way `npm:` imports do.
 */
import * as path from 'node:path';
import { describeServedRuntime } from './served-runtime';

describeServedRuntime({
  runtime: 'deno',
  label: 'Deno',
  main: `
import { tableHarness } from './table-harness.ts';
import './snippet.ts'; // serves on PORT

Deno.serve({ port: Number(Deno.env.get('HARNESS_PORT')), hostname: '127.0.0.1', onListen() {} }, tableHarness());
`,
  args: ['run', '--allow-net', '--allow-env', '--allow-read'],
  env: (projectDir) => ({ DENO_DIR: path.join(projectDir, '.deno'), DENO_NO_UPDATE_CHECK: '1' }),
});
