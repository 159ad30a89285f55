/**
 * Part of the last step of `npm run build` (tools/artifacts.ts): the SDKs of the native provider, generated from the
 * provider's own schema by Pulumi's generators. The Node.js one is shipped in this package as
 * `pulumi-gotowebinar/native`; the Go and Python ones are written ready to publish (publishable.ts).
 *
 *   packageSchema(version)  →  sdk/schema.json            the schema the plugin answers GetSchema with
 *   gotowebinar-codegen     →  sdk/nodejs/                generated TypeScript (gitignored, never edited)
 *   tsc                     →  dist/native/               what the package ships, with a package.json (the version)
 *   gotowebinar-codegen     →  sdk/go/, sdk/python/       with go.mod and pyproject.toml (publishable.ts)
 *
 * Not dist/sdk/nodejs: TypeScript maps a self-reference that resolves into outDir (dist/) back to the source at the
 * same place under rootDir, and would then type-check the generated sources (sdk/nodejs/) with this repository's
 * stricter options (`npm run typecheck`); dist/native has no source beside it, so the shipped .d.ts are read.
 *
 * The schema comes from the compiled provider that `tsc -p tsconfig.build.json` has just written, not from its
 * source: tools import no room of the package (test/architecture/imports.test.ts), and dist/ is what the plugin runs.
 * The generator is the engine build's (tools/pulumi/build.ts, cached). When the schema, the generator and this script
 * are those of the last run and its output is in place, nothing is done: a warm build spends no time here.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureEngine } from '../pulumi/build';
import { PROJECT_ROOT } from '../pulumi/versions';
import { generatePublishableSdks } from './publishable';

export const SDK_DIR = path.join(PROJECT_ROOT, 'sdk');
export const GENERATED_NODEJS = path.join(SDK_DIR, 'nodejs');
export const SHIPPED_NODEJS = path.join(PROJECT_ROOT, 'dist', 'native');
const COMPILED_SCHEMA = path.join(PROJECT_ROOT, 'dist', 'provider', 'native', 'schema.js');
const STAMP = path.join(SDK_DIR, 'nodejs.stamp');
const SCHEMA_FILE = path.join(SDK_DIR, 'schema.json');

/** The package schema the built plugin serves, as JSON text. */
export function builtSchema(): string {
  if (!fs.existsSync(COMPILED_SCHEMA)) {
    throw new Error(`${path.relative(PROJECT_ROOT, COMPILED_SCHEMA)} is missing: run \`tsc -p tsconfig.build.json\` first (npm run build does)`);
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const { packageSchema } = require(COMPILED_SCHEMA) as { packageSchema(version: string): unknown };
  return `${JSON.stringify(packageSchema(version), null, 2)}\n`;
}

export async function generateNodeSdk(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  const started = Date.now();
  const schema = builtSchema();
  const engine = await ensureEngine({ log });
  // The engine's cache key (in the generator's path) changes with the generator's sources and versions.
  const stamp = createHash('sha256').update(schema).update(engine.codegen).update(fs.readFileSync(__filename)).digest('hex');
  const upToDate = fs.existsSync(path.join(SHIPPED_NODEJS, 'index.js')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp;
  if (upToDate) return;

  fs.rmSync(STAMP, { force: true });
  runStep('gotowebinar-codegen', engine.codegen, ['--schema', writeSchema(schema), '--language', 'nodejs', '--out', GENERATED_NODEJS]);

  // A fresh output directory: nothing of an older schema (a removed resource's module) is left to ship.
  fs.rmSync(SHIPPED_NODEJS, { recursive: true, force: true });
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // The generated tsconfig, into dist/; without maps, which would point at sources the package does not ship.
  runStep('tsc (the generated SDK)', process.execPath, [
    tsc, '-p', path.join(GENERATED_NODEJS, 'tsconfig.json'), '--outDir', SHIPPED_NODEJS, '--declarationMap', 'false', '--sourceMap', 'false',
  ]);
  // The SDK's utilities.getVersion() reads ./package.json: each resource registers with that version, the plugin's.
  // Only the version is shipped: the generated package.json also has `pulumi.resource: true`, a marker Pulumi's Node.js
  // language host looks for under node_modules to ask the engine for a plugin to install, and this plugin comes from
  // the project's `plugins: providers: path:` entry instead (docs/native-provider.md).
  const { version } = JSON.parse(fs.readFileSync(path.join(GENERATED_NODEJS, 'package.json'), 'utf8')) as { version: string };
  fs.writeFileSync(path.join(SHIPPED_NODEJS, 'package.json'), `${JSON.stringify({ version }, null, 2)}\n`);
  fs.writeFileSync(STAMP, stamp);
  log(`Generated the native Node.js SDK (pulumi-gotowebinar/native, v${version}) into ${path.relative(PROJECT_ROOT, SHIPPED_NODEJS)} in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
}

/** Every SDK: the shipped Node.js one, then the Go and Python ones to publish (each skipped when up to date). */
export async function generateSdks(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  await generateNodeSdk(log);
  const started = Date.now();
  const schema = builtSchema();
  const engine = await ensureEngine({ log });
  const generated = generatePublishableSdks(SDK_DIR, schema, writeSchema(schema), engine.codegen);
  if (generated.length) {
    log(`Generated the native ${generated.join(' and ')} SDKs into ${path.relative(PROJECT_ROOT, SDK_DIR)}/ in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  }
}

/** sdk/schema.json, written only when it changed: the SDKs are generated from it. */
function writeSchema(schema: string): string {
  fs.mkdirSync(SDK_DIR, { recursive: true });
  if (!fs.existsSync(SCHEMA_FILE) || fs.readFileSync(SCHEMA_FILE, 'utf8') !== schema) fs.writeFileSync(SCHEMA_FILE, schema);
  return SCHEMA_FILE;
}

function runStep(name: string, command: string, args: string[]): void {
  try {
    execFileSync(command, args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
    throw new Error(`${name} failed while generating the native SDK (tools/sdk/generate.ts):\n${output}`);
  }
}

if (require.main === module) {
  generateSdks().catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
