/**
 * The native provider plugin's entry point (bin/pulumi-resource-gotowebinar runs it): serves the provider and prints
 * its port. The engine passes its own address as the first argument; warnings reach it through runtime/engine-log.ts.
 */
import { main } from './server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('pulumi-gotowebinar/package.json') as { version: string };

main(version).catch((err: Error) => {
  process.stderr.write(`gotowebinar: the provider could not start: ${err.message}\n`);
  process.exit(1);
});
