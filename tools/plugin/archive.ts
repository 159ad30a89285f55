/**
 * The native provider as a Pulumi plugin archive, written by `npm run build`:
 *
 *   dist/plugin/pulumi-resource-gotowebinar-v<version>-<os>-<arch>.tar.gz
 *
 * the name the Pulumi CLI asks a plugin server for, and what `pulumi plugin install resource gotowebinar <version>
 * --file <archive>` unpacks into PULUMI_HOME/plugins/resource-gotowebinar-v<version>/. It is self-contained except
 * for Node.js (20.19+ or 22.12+, the package's engines), which the launcher runs from PATH:
 *
 *   pulumi-resource-gotowebinar   the launcher the engine starts (a shell script: node, then the entry point)
 *   package.json                  the version, and the package name the entry point reads itself by
 *   dist/provider/…               the compiled files the plugin reaches from native/main.js, and only those
 *   node_modules/…                the packages they load (got, grpc-js, google-protobuf; of @pulumi/pulumi only its
 *                                 generated gRPC stubs), each where npm put it, without types, maps and docs
 *
 * The code is JavaScript only (no native addon), so the same bytes serve every OS and architecture a shell script
 * runs on; the name carries the machine's, as the CLI expects. When the compiled provider, the locked dependencies
 * and this tool are those of the last archive, nothing is done: a warm build spends no time here.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../pulumi/versions';
import { codeClosure, packageClosure, type PackageCopy } from './closure';

export const PLUGIN_DIST = path.join(PROJECT_ROOT, 'dist', 'plugin');
const ENTRY = path.join(PROJECT_ROOT, 'dist', 'provider', 'native', 'main.js');
const STAMP = path.join(PLUGIN_DIST, '.stamp');
const PACKAGE = 'pulumi-gotowebinar';

/** Of the SDK, the plugin loads only the generated gRPC stubs (provider/native/server.ts, runtime/engine-log.ts). */
const SUBSETS = { '@pulumi/pulumi': ['proto', 'package.json'] };

/** Not loaded at run time: types, source maps, TypeScript sources, docs. */
const SKIPPED = /\.(d\.[cm]?ts|ts|map|md|markdown)$/i;

/** Pulumi's names for the machine (Go's GOOS/GOARCH), which the CLI puts in the archive name it asks for. */
export function pluginPlatform(platform = process.platform, arch = process.arch): { os: string; arch: string } {
  const os = platform === 'win32' ? 'windows' : platform;
  const goArch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[arch] ?? arch;
  return { os, arch: goArch };
}

/** `pulumi-resource-gotowebinar-v0.1.0-linux-amd64.tar.gz` */
export function archiveName(version: string, platform = pluginPlatform()): string {
  return `pulumi-resource-gotowebinar-v${version}-${platform.os}-${platform.arch}.tar.gz`;
}

/** The launcher: Node from PATH, or a message saying that it is the one thing the plugin needs from the machine. */
const LAUNCHER = `#!/bin/sh
# The gotowebinar resource plugin, as \`pulumi plugin install\` unpacks it: the provider's compiled code and the
# packages it loads are beside this script; Node.js (20.19+ or 22.12+) is the one thing taken from the machine.
if ! command -v node >/dev/null 2>&1; then
  echo "gotowebinar: the plugin needs Node.js 20.19+ or 22.12+ on PATH, and there is no node on PATH" >&2
  exit 1
fi
exec node "$(dirname "$0")/dist/provider/native/main.js" "$@"
`;

interface Manifest {
  version: string;
  license?: string;
  engines?: Record<string, string>;
}

export interface PluginArchive {
  file: string;
  version: string;
  bytes: number;
  /** False when the archive of the last build was still current. */
  built: boolean;
}

/** Writes the archive for the current dist/, unless the last one is still current. */
export async function buildPluginArchive(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<PluginArchive> {
  const started = Date.now();
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
  const file = path.join(PLUGIN_DIST, archiveName(manifest.version));
  const code = codeClosure(requireBuilt(ENTRY));
  const stamp = stampOf(code.files);
  if (fs.existsSync(file) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp) {
    return { file, version: manifest.version, bytes: fs.statSync(file).size, built: false };
  }

  code.packages.delete(PACKAGE); // the entry point reads the package's own package.json, written below
  const packages = packageClosure(code.packages, PROJECT_ROOT, SUBSETS);
  fs.mkdirSync(PLUGIN_DIST, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  const staging = fs.mkdtempSync(path.join(PLUGIN_DIST, '.staging-'));
  // Written aside and renamed into place: a build running at the same time never reads half an archive.
  const partial = path.join(PLUGIN_DIST, `.partial-${process.pid}.tar.gz`);
  try {
    fs.writeFileSync(path.join(staging, 'pulumi-resource-gotowebinar'), LAUNCHER, { mode: 0o755 });
    // Private: never published to npm; `exports` lets the entry point require its own package.json by name.
    const own = { name: PACKAGE, version: manifest.version, private: true, license: manifest.license, engines: manifest.engines, exports: { './package.json': './package.json' } };
    fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(own, null, 2)}\n`);
    for (const f of code.files) copyFile(f, path.join(staging, path.relative(PROJECT_ROOT, f)));
    for (const p of packages) copyPackage(p, path.join(staging, path.relative(PROJECT_ROOT, p.dir)));
    await promisify(execFile)('tar', ['-czf', partial, '-C', staging, '.']);
    for (const old of fs.readdirSync(PLUGIN_DIST).filter((n) => n.endsWith('.tar.gz') && !n.startsWith('.'))) fs.rmSync(path.join(PLUGIN_DIST, old));
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
  fs.writeFileSync(STAMP, stamp);
  const bytes = fs.statSync(file).size;
  log(
    `Wrote the plugin archive ${path.relative(PROJECT_ROOT, file)} (${(bytes / 1024 / 1024).toFixed(1)} MiB, ${code.files.length} ` +
      `compiled files, ${packages.length} packages) in ${((Date.now() - started) / 1000).toFixed(1)}s.`,
  );
  return { file, version: manifest.version, bytes, built: true };
}

function requireBuilt(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(PROJECT_ROOT, file)} is missing: run \`npm run build\``);
  return file;
}

/**
 * What the archive is made of: the compiled files it holds, the manifest and lock (the version, the packages and
 * where npm put them) and this tool's own sources.
 */
function stampOf(files: string[]): string {
  const hash = createHash('sha256');
  const tool = fs.readdirSync(__dirname).filter((n) => /\.[jt]s$/.test(n)).sort().map((n) => path.join(__dirname, n));
  for (const f of [...files, ...tool, path.join(PROJECT_ROOT, 'package.json'), path.join(PROJECT_ROOT, 'package-lock.json')]) {
    hash.update(path.relative(PROJECT_ROOT, f)).update('\0').update(fs.readFileSync(f));
  }
  return hash.digest('hex');
}

function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** A package's files (its `only` entries, if given), without its own node_modules (each dependency is copied once, where it is). */
function copyPackage(p: PackageCopy, to: string): void {
  const entries = p.only ?? fs.readdirSync(p.dir).filter((n) => n !== 'node_modules');
  for (const entry of entries) {
    fs.cpSync(path.join(p.dir, entry), path.join(to, entry), {
      recursive: true,
      filter: (source) => path.basename(source) === 'package.json' || !SKIPPED.test(source),
    });
  }
}

if (require.main === module) {
  buildPluginArchive().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
