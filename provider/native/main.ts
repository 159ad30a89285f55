/**
 * The native provider plugin's entry point (bin/pulumi-resource-gotowebinar, or the launcher of the plugin archive,
 * runs it): serves the provider and prints its port.
 */
import { main } from './server';

/** What the plugin reads of the package's manifest. */
interface PackageManifest {
  version: string;
  engines: { node: string };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version, engines }: PackageManifest = require('pulumi-gotowebinar/package.json');

/**
 * Node is the one thing the plugin takes from the machine (the archive holds the rest), and the runtime's HTTP client
 * needs a Node whose require() loads ES modules (provider/api/http.ts): said here, before the first call fails on it.
 */
function supportedNode(v = process.versions.node): boolean {
  const [major = 0, minor = 0] = v.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22;
}

if (!supportedNode()) {
  process.stderr.write(`gotowebinar: the plugin needs Node.js ${engines.node}; the node on PATH is ${process.version}\n`);
  process.exit(1);
}

// The engine starts a plugin with its own address as the first argument: where warnings go (runtime/engine-log.ts).
main(version, process.argv[2]).catch((err: Error) => {
  process.stderr.write(`gotowebinar: the provider could not start: ${err.message}\n`);
  process.exit(1);
});
