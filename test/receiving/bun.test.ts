/**
 * Bun (its binary from the `@oven/bun-linux-x64-baseline` npm package): the delivery table against the Fetch
 * handler of `pulumi-gotowebinar/receiving/web` under Bun.serve, and the docs' Bun snippet (snippets/bun.ts), both in
 * one Bun process that loads the package from a project's node_modules.
 */
import { describeServedRuntime } from './served-runtime';

describeServedRuntime({
  runtime: 'bun',
  label: 'Bun',
  main: `
import { tableHarness } from './table-harness.ts';
import './snippet.ts'; // serves on PORT

Bun.serve({ port: Number(process.env.HARNESS_PORT), hostname: '127.0.0.1', fetch: tableHarness() });
`,
  args: ['run'],
  env: () => ({
    BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', // no cache left behind in the home directory
    DO_NOT_TRACK: '1',
  }),
});
