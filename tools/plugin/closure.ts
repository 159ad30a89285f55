/**
 * What the native provider plugin loads, so that its archive holds that and nothing else: the compiled files it
 * reaches from its entry point (relative requires of the CommonJS that tsc writes, followed file by file), the
 * packages those files name, and those packages' own dependencies, found on disk where Node would find them.
 */
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `require('x')`, `require("x")` and `require.resolve('x', …)` in compiled JavaScript. */
const REQUIRE = /\brequire(?:\.resolve)?\(\s*(['"])([^'"]+)\1/g;

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!);
}

/** `@scope/name/deep/file` → `@scope/name`; `name/deep` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.js`, path.join(base, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${from} requires ${specifier}, which is not a compiled file (run tsc -p tsconfig.build.json)`);
}

/** The names of the packages that `files` require (not relative, not Node's own). */
export function requiredPackages(files: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      const specifier = m[2]!;
      if (!specifier.startsWith('.') && !isBuiltin(specifier)) names.add(packageNameOf(specifier));
    }
  }
  return names;
}

/** Every compiled file reachable from `entry` by relative requires, and the packages they name. */
export function codeClosure(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      if (m[2]!.startsWith('.')) pending.push(resolveRelative(file, m[2]!));
    }
  }
  return { files: [...files].sort(), packages: requiredPackages(files) };
}

/** Where Node finds package `name` from `dir`: the nearest `node_modules/<name>` up the tree, within `root`. */
function findPackage(name: string, dir: string, root: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (current === root || path.dirname(current) === current) return undefined;
  }
}

export interface PackageCopy {
  /** The package's directory on disk. */
  dir: string;
  /** Which of its top-level entries to copy; undefined: all of it (its own node_modules aside). */
  only?: string[];
}

/**
 * The packages `roots` need, each once, as directories under `root`'s node_modules: a root found from `root`, a
 * dependency from the directory of the package that depends on it (nested copies win, as for Node). `subsets`
 * names packages of which only some entries are needed (the SDK's generated stubs, not the SDK): their
 * dependencies are then the packages those entries require, not the whole package.json list.
 */
export function packageClosure(roots: Iterable<string>, root: string, subsets: Record<string, string[]> = {}): PackageCopy[] {
  const found = new Map<string, PackageCopy>();
  const visit = (name: string, from: string, optional: boolean) => {
    if (name.startsWith('@types/')) return; // type declarations only, never loaded (some packages list them as dependencies)
    const dir = findPackage(name, from, root);
    if (!dir) {
      if (optional) return;
      throw new Error(`the plugin needs package ${name} (from ${path.relative(root, from) || '.'}), which is not installed: run npm ci`);
    }
    if (found.has(dir)) return;
    const only = subsets[name];
    found.set(dir, { dir, only });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    if (only) {
      for (const dep of requiredPackages(only.flatMap((entry) => jsFiles(path.join(dir, entry))))) {
        if (dep !== name) visit(dep, dir, false);
      }
      return;
    }
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of roots) visit(name, root, false);
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The .js files under `p` (a file or a directory). */
function jsFiles(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return p.endsWith('.js') ? [p] : [];
  return fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => jsFiles(path.join(p, e.name)));
}
