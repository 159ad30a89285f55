#!/usr/bin/env node
'use strict';
/**
 * Prints the `__provider` text that `new pulumi.dynamic.Resource(provider, ...)` produces for one exported provider
 * object, computed by the SDK itself in a plain Node process (no Jest transform, no coverage instrumentation).
 *
 *   node test/harness/serialize-provider.js <compiled module path> <export name>
 *
 * Run it with the project directory as working directory: the closure serializer names captured modules relative to
 * process.cwd() (runtime/closure/createClosure.js, findNormalizedModuleNameAsync) and decides from that whether a
 * module is inlined by value ("./..." outside node_modules) or emitted as require("<pkg>/<file>").
 *
 * It really constructs a pulumi.dynamic.Resource under pulumi.runtime.setMocks, so the text is exactly what
 * dynamic/index.js serializeProvider() -> serializeFunction(() => provider, { allowSecrets: true }) emits, and reads
 * the `__provider` input the mock monitor receives. The export name `.` means the module's whole `exports` (how the
 * package's own providers are published). Output on stdout, one JSON line:
 *   {"text": "...", "containsSecrets": false}
 */
const path = require('node:path');
const { createRequire } = require('node:module');

async function main() {
  const [modulePath, exportName] = process.argv.slice(2);
  if (!modulePath || !exportName) {
    throw new Error('usage: serialize-provider.js <compiled module path> <export name>');
  }
  // Use the SDK the project itself resolves (the same one the plugin process will load).
  const projectRequire = createRequire(path.join(process.cwd(), '__serialize_provider__.js'));
  const pulumi = projectRequire('@pulumi/pulumi');

  const absolute = path.resolve(process.cwd(), modulePath);
  // A normal require: the module lands in require.cache, which the serializer consults to name captured modules.
  const mod = require(absolute);
  const provider = exportName === '.' ? mod : mod[exportName];
  if (provider === undefined || provider === null) {
    throw new Error(`${absolute} has no export named "${exportName}"`);
  }

  let resolveCaptured;
  const captured = new Promise((resolve) => (resolveCaptured = resolve));
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resolveCaptured(args.inputs.__provider);
        return { id: 'serialize-provider', state: {} };
      },
      call() {
        return {};
      },
    },
    'serialize-provider',
    'serialize-provider',
    false,
  );
  new pulumi.dynamic.Resource(provider, 'serialize-provider', {});
  const value = await captured;

  const secretSigKey = '4dabf18193072939515e22adb298388d';
  const secretSig = '1b47061264138c4ac30d75fd1eb44270';
  let text = value;
  let containsSecrets = false;
  if (value && typeof value === 'object' && value[secretSigKey] === secretSig) {
    text = value.value;
    containsSecrets = true;
  }
  if (typeof text !== 'string') {
    throw new Error(`__provider was not a string: ${JSON.stringify(value)}`);
  }
  return { text, containsSecrets };
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
  },
  (err) => {
    process.stderr.write(String((err && err.stack) || err) + '\n', () => process.exit(2));
  },
);
