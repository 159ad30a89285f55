/**
 * Reading a Pulumi project the way the CLI and the Node language host do, for what the driver needs: the project
 * name, the program entry point, whether it is TypeScript, and the stack configuration (Pulumi.yaml `config`
 * defaults, then Pulumi.<stack>.yaml, then what the test passes in code).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/** A configuration problem found before anything runs (missing file, undecryptable secret, bad value). */
export class DriverConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriverConfigError';
  }
}

export interface ProjectInfo {
  dir: string;
  name: string;
  /** Absolute path of the program entry (a file, or a directory the host `require`s). */
  program: string;
  typescript: boolean;
  /** tsconfig.json of the project directory, if any (the language host only looks there). */
  tsconfig?: string;
  /** Pulumi.yaml `runtime.options` (the engine passes them to plugins as PULUMI_RUNTIME_*). */
  runtimeOptions: Record<string, string>;
}

export interface StackConfig {
  /** Namespaced keys (`project:key`, `gotowebinar:apiUrl`), string values (objects as JSON text). */
  values: Record<string, string>;
  secretKeys: string[];
}

function readYaml(file: string): unknown {
  try {
    return yaml.load(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DriverConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function loadProject(projectDir: string): ProjectInfo & { raw: Record<string, unknown> } {
  const dir = path.resolve(projectDir);
  const file = ['Pulumi.yaml', 'Pulumi.yml'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new DriverConfigError(`no Pulumi.yaml in ${dir}`);
  const raw = readYaml(file);
  if (!isObject(raw)) throw new DriverConfigError(`${file} is not a YAML mapping`);
  const name = raw.name;
  if (typeof name !== 'string' || name === '') throw new DriverConfigError(`${file} has no project name`);
  const runtime = raw.runtime;
  const runtimeName = isObject(runtime) ? runtime.name : runtime;
  if (runtimeName !== 'nodejs') {
    throw new DriverConfigError(`${file}: runtime is ${JSON.stringify(runtimeName)}; the driver only runs nodejs programs`);
  }
  const runtimeOptions: Record<string, string> = {};
  if (isObject(runtime) && isObject(runtime.options)) {
    for (const [k, v] of Object.entries(runtime.options)) runtimeOptions[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const program = resolveProgram(dir, raw.main, file);
  // The language host registers ts-node unless `runtime.options.typescript` is false.
  const typescript = runtimeOptions.typescript !== 'false';
  const tsconfig = path.join(dir, 'tsconfig.json');
  return { dir, name, program, typescript, tsconfig: existsSync(tsconfig) ? tsconfig : undefined, runtimeOptions, raw };
}

/**
 * The entry point: Pulumi.yaml `main` (a file or a directory, relative to the project), else package.json `main` when
 * that file exists, else index.ts, else index.js (what `require('./')` finds with ts-node registered).
 */
function resolveProgram(dir: string, main: unknown, file: string): string {
  if (main !== undefined) {
    if (typeof main !== 'string') throw new DriverConfigError(`${file}: main must be a path`);
    const target = path.resolve(dir, main);
    const candidates = [target, `${target}.ts`, `${target}.js`];
    const found = candidates.find((c) => existsSync(c));
    if (!found) throw new DriverConfigError(`${file}: main ${JSON.stringify(main)} does not exist (${target})`);
    return found;
  }
  const pkgFile = path.join(dir, 'package.json');
  if (existsSync(pkgFile)) {
    try {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { main?: unknown };
      if (typeof pkg.main === 'string') {
        const target = path.resolve(dir, pkg.main);
        const found = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}.js`].find(
          (c) => existsSync(c) && statSync(c).isFile(),
        );
        if (found) return found;
      }
    } catch (err) {
      throw new DriverConfigError(`cannot read ${pkgFile}: ${(err as Error).message}`);
    }
  }
  for (const candidate of ['index.ts', 'index.js']) {
    const p = path.join(dir, candidate);
    if (existsSync(p)) return p;
  }
  throw new DriverConfigError(`${dir}: no program (no main in ${path.basename(file)}, no index.ts or index.js)`);
}

/** `key` → `project:key` (what `pulumi config set key` writes); namespaced keys stay. */
export function namespaced(key: string, project: string): string {
  return key.includes(':') ? key : `${project}:${key}`;
}

function configText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Finds a `secure:` value anywhere in a config value (`--path` objects can hold them). */
function findSecure(value: unknown, at: string): string | undefined {
  if (isObject(value)) {
    if ('secure' in value && Object.keys(value).length === 1) return at;
    for (const [k, v] of Object.entries(value)) {
      const found = findSecure(v, `${at}.${k}`);
      if (found) return found;
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecure(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The stack's configuration, lowest precedence first: Pulumi.yaml `config` (`{value}` / `{default}` / plain values),
 * Pulumi.<stack>.yaml `config`, `config` and `secretConfig` given in code. A `secure:` value that is not overridden in
 * code fails: there is no secrets provider to decrypt it.
 */
export function loadStackConfig(
  project: ProjectInfo & { raw: Record<string, unknown> },
  stack: string,
  inCode: { config?: Record<string, string>; secretConfig?: Record<string, string> },
): StackConfig {
  const values = new Map<string, { value: unknown; secret: boolean; source: string }>();
  const projectFile = path.join(project.dir, 'Pulumi.yaml');

  if (isObject(project.raw.config)) {
    for (const [key, decl] of Object.entries(project.raw.config)) {
      let value: unknown = decl;
      if (isObject(decl) && ('value' in decl || 'default' in decl || 'type' in decl)) {
        value = 'value' in decl ? decl.value : decl.default;
        if (value === undefined) continue;
      }
      values.set(namespaced(key, project.name), {
        value,
        secret: isObject(decl) && decl.secret === true,
        source: projectFile,
      });
    }
  }

  const stackFile = ['yaml', 'yml'].map((ext) => path.join(project.dir, `Pulumi.${stack}.${ext}`)).find((f) => existsSync(f));
  if (stackFile) {
    const raw = readYaml(stackFile);
    if (raw !== null && raw !== undefined && !isObject(raw)) throw new DriverConfigError(`${stackFile} is not a YAML mapping`);
    const config = isObject(raw) ? raw.config : undefined;
    if (config !== undefined && config !== null && !isObject(config)) {
      throw new DriverConfigError(`${stackFile}: config must be a mapping`);
    }
    for (const [key, value] of Object.entries(config ?? {})) {
      values.set(namespaced(key, project.name), { value, secret: false, source: stackFile });
    }
  }

  for (const [key, value] of Object.entries(inCode.config ?? {})) {
    if (typeof value !== 'string') throw new DriverConfigError(`config ${key}: values are strings (objects as JSON text)`);
    values.set(namespaced(key, project.name), { value, secret: false, source: 'code' });
  }
  for (const [key, value] of Object.entries(inCode.secretConfig ?? {})) {
    if (typeof value !== 'string') throw new DriverConfigError(`secretConfig ${key}: values are strings (objects as JSON text)`);
    values.set(namespaced(key, project.name), { value, secret: true, source: 'code' });
  }

  const out: StackConfig = { values: {}, secretKeys: [] };
  for (const [key, entry] of values) {
    const secure = findSecure(entry.value, key);
    if (secure) {
      throw new DriverConfigError(
        `config ${secure} in ${entry.source} is an encrypted (secure:) value, which the lifecycle driver cannot ` +
          `decrypt (there is no Pulumi secrets provider here). Pass it in code instead: ` +
          `Stack.open({ ..., secretConfig: { '${key}': '...' } }).`,
      );
    }
    out.values[key] = configText(entry.value);
    if (entry.secret) out.secretKeys.push(key);
  }
  return out;
}
