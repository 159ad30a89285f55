/**
 * The last step of `npm run build`: what is made from the compiled provider (dist/provider) besides the package's
 * own code. Each part is skipped when its inputs are those of its last run, so a warm build spends well under a
 * second here.
 *
 * - the native provider's SDKs (tools/sdk/generate.ts): Node.js into dist/native, Go and Python into sdk/;
 * - the plugin archive (tools/plugin/archive.ts): dist/plugin/pulumi-resource-gotowebinar-v<version>-<os>-<arch>.tar.gz.
 */
import { buildPluginArchive } from './plugin/archive';
import { generateSdks } from './sdk/generate';

async function main(): Promise<void> {
  await generateSdks();
  await buildPluginArchive();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
