/**
 * Builds the Pulumi engine pieces this project runs, from the Go module proxy, and caches them by version:
 *
 *   .tools/pulumi/<key>/bin/pulumi                           the CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
 *   .tools/pulumi/<key>/bin/pulumi-language-nodejs           the Node.js language host (cmd/pulumi-language-nodejs)
 *   .tools/pulumi/<key>/bin/pulumi-resource-pulumi-nodejs    the dynamic-provider launcher (a shell script)
 *   .tools/pulumi/<key>/bin/pulumi-language-yaml             Pulumi's YAML language host (tools/pulumi-yaml)
 *   .tools/pulumi/<key>/bin/gotowebinar-codegen              the SDK generator (cmd/gotowebinar-codegen)
 *   .tools/pulumi/<key>/plugins/pulumi-resource-random       the random plugin (cmd/pulumi-resource-random)
 *
 * The key holds the versions and a hash of the Go sources of tools/pulumi and tools/pulumi-yaml, so a change of
 * either builds anew and a second run takes no time. Versions are pinned in each module's go.mod and checked
 * against its go.sum. The YAML host is a module of its own because it does not compile against the CLI's pkg/v3
 * (tools/pulumi-yaml/tools.go says why); the CLI finds it beside itself, like the Node.js host. A cold
 * build downloads a few hundred modules and compiles for minutes: progress is printed while it runs, and a failure
 * says what is missing (no `go`, a module the proxy does not serve, a compile error) instead of Go's whole output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashTree } from './hash-tree';
import { lockedVersions, PROJECT_ROOT } from './versions';

export const GO_MODULE_DIR = path.join(PROJECT_ROOT, 'tools', 'pulumi');
export const YAML_MODULE_DIR = path.join(PROJECT_ROOT, 'tools', 'pulumi-yaml');
const CLI_PACKAGE = 'github.com/pulumi/pulumi/pkg/v3/cmd/pulumi';
const VERSION_SYMBOL = 'github.com/pulumi/pulumi/sdk/v3/go/common/version.Version';
const YAML_MODULE = 'github.com/pulumi/pulumi-yaml';
const YAML_VERSION_SYMBOL = `${YAML_MODULE}/pkg/version.Version`;

/** Pulumi's release ships this script beside the CLI: the engine starts it for dynamic providers. */
export const DYNAMIC_PROVIDER_LAUNCHER = `#!/bin/sh
# The engine's dynamic-provider plugin: @pulumi/pulumi's cmd/dynamic-provider, resolved from the directory the engine
# starts plugins in (the project's), as in Pulumi's own release.
script=$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$script" "$@"
`;

export interface Engine {
  /** The CLI's version, e.g. `3.276.0`. */
  version: string;
  /** Holds pulumi, pulumi-language-nodejs, pulumi-language-yaml, pulumi-resource-pulumi-nodejs and gotowebinar-codegen. */
  binDir: string;
  pulumi: string;
  /** `gotowebinar-codegen --schema <file> --language nodejs|python|go --out <dir>`: an SDK from a package schema. */
  codegen: string;
  /** Pulumi's YAML language host, for `runtime: yaml` programs; the CLI finds it beside itself. */
  yamlLanguageHost: string;
  /** The YAML host's version, e.g. `1.25.0` (tools/pulumi-yaml/go.mod). */
  yamlVersion: string;
  /** The random plugin binary, installed into PULUMI_HOME before use (see environment.ts). */
  randomPlugin: string;
  randomVersion: string;
}

export type EngineBuildErrorCode = 'NO_GO' | 'MODULE_NOT_SERVED' | 'COMPILE_ERROR' | 'BUILD_FAILED';

export class EngineBuildError extends Error {
  constructor(
    readonly code: EngineBuildErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineBuildError';
  }
}

export interface BuildOptions {
  /** Where cached builds live; default `<project>/.tools/pulumi` (or PULUMI_GOTOWEBINAR_TOOLS_DIR). */
  cacheDir?: string;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
  /** Seconds between progress lines while Go works; default 20. */
  heartbeatSeconds?: number;
}

export function defaultCacheDir(): string {
  return process.env.PULUMI_GOTOWEBINAR_TOOLS_DIR || path.join(PROJECT_ROOT, '.tools', 'pulumi');
}

/** Whether the engine has been built for the current versions and sources (the last file a build writes). */
function isComplete(engine: Engine): boolean {
  return fs.existsSync(path.join(path.dirname(engine.binDir), 'complete.json'));
}

/** Returns the cached engine, building it first when needed. */
export async function ensureEngine(options: BuildOptions = {}): Promise<Engine> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const engine = engineAt(cacheDir);
  if (isComplete(engine)) return engine;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const target = path.dirname(engine.binDir);
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(staging, 'plugins'), { recursive: true });
  const started = Date.now();
  log(
    `Building the Pulumi engine v${engine.version} (CLI, Node.js language host, random plugin v${engine.randomVersion}, ` +
      `SDK generator, YAML language host v${engine.yamlVersion}) ` +
      `from the Go module proxy into ${path.relative(process.cwd(), target) || target}; a cold build takes minutes.`,
  );
  try {
    checkGo();
    for (const step of buildSteps(engine)) {
      await goBuild(step, path.join(staging, 'bin'), log, (options.heartbeatSeconds ?? 20) * 1000);
    }
    fs.renameSync(path.join(staging, 'bin', 'pulumi-resource-random'), path.join(staging, 'plugins', 'pulumi-resource-random'));
    fs.writeFileSync(path.join(staging, 'bin', 'pulumi-resource-pulumi-nodejs'), DYNAMIC_PROVIDER_LAUNCHER, { mode: 0o755 });
    fs.writeFileSync(
      path.join(staging, 'complete.json'),
      JSON.stringify(
        { pulumi: engine.version, random: engine.randomVersion, yaml: engine.yamlVersion, builtAt: new Date().toISOString() },
        null,
        2,
      ),
    );
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      // Another process finished the same build first: theirs is as good as ours.
      if (!isComplete(engine)) throw error;
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`Built the Pulumi engine v${engine.version} in ${formatSeconds(Date.now() - started)}.`);
  return engine;
}

function engineAt(cacheDir: string): Engine {
  const { pulumi, random } = lockedVersions();
  const yaml = yamlHostVersion();
  const dir = path.join(cacheDir, `v${pulumi}-random-v${random}-yaml-v${yaml}-${sourceHash()}`);
  return {
    version: pulumi,
    binDir: path.join(dir, 'bin'),
    pulumi: path.join(dir, 'bin', 'pulumi'),
    codegen: path.join(dir, 'bin', 'gotowebinar-codegen'),
    yamlLanguageHost: path.join(dir, 'bin', 'pulumi-language-yaml'),
    yamlVersion: yaml,
    randomPlugin: path.join(dir, 'plugins', 'pulumi-resource-random'),
    randomVersion: random,
  };
}

/** The pulumi-yaml version that tools/pulumi-yaml/go.mod requires, e.g. `1.25.0`. */
function yamlHostVersion(goMod = path.join(YAML_MODULE_DIR, 'go.mod')): string {
  const text = fs.readFileSync(goMod, 'utf8');
  const m = new RegExp(`^\\s*(?:require\\s+)?${YAML_MODULE.replace(/\./g, '\\.')} v(\\S+)`, 'm').exec(text);
  if (!m) throw new Error(`${goMod} does not require ${YAML_MODULE}: run \`go get ${YAML_MODULE}@<version>\` there`);
  return m[1];
}

/** A hash of everything in the Go modules (tools/pulumi, tools/pulumi-yaml) that goes into the binaries. */
export function sourceHash(moduleDirs = [GO_MODULE_DIR, YAML_MODULE_DIR]): string {
  const hash = createHash('sha256');
  for (const dir of moduleDirs) {
    hash.update(`\0${path.basename(dir)}\0`); // keeps the modules' file names apart (each has a go.mod)
    hashTree(dir, (name) => /\.go$|^go\.(mod|sum)$/.test(name), hash);
  }
  return hash.update(DYNAMIC_PROVIDER_LAUNCHER).digest('hex').slice(0, 10);
}

/** One `go build` in one module. */
interface GoBuildStep {
  /** Names the step in progress lines. */
  label: string;
  /** The module to build in. */
  dir: string;
  packages: string[];
  ldflags: string;
}

/**
 * Two builds, one per module: the YAML host's module pins older pkg/v3 and sdk/v3 versions than the CLI's, and a
 * module has one version of each.
 */
function buildSteps(engine: Engine): GoBuildStep[] {
  return [
    {
      label: 'CLI, Node.js host, random plugin, SDK generator',
      dir: GO_MODULE_DIR,
      packages: [CLI_PACKAGE, './cmd/pulumi-language-nodejs', './cmd/pulumi-resource-random', './cmd/gotowebinar-codegen'],
      ldflags: `-s -w -X ${VERSION_SYMBOL}=v${engine.version} -X main.version=${engine.randomVersion}`,
    },
    {
      label: `YAML host v${engine.yamlVersion}`,
      dir: YAML_MODULE_DIR,
      packages: [`${YAML_MODULE}/cmd/pulumi-language-yaml`],
      // Without a stamped version the host reports none to the engine (GetPluginInfo).
      ldflags: `-s -w -X ${YAML_VERSION_SYMBOL}=${engine.yamlVersion}`,
    },
  ];
}

function checkGo(): void {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new EngineBuildError(
      'NO_GO',
      'Building the Pulumi engine needs Go 1.26 or newer on PATH (`go version` failed' +
        `${r.error ? `: ${r.error.message}` : ''}). Install Go, or install the Pulumi CLI, which is then used instead.`,
    );
  }
}

function goBuild(step: GoBuildStep, binDir: string, log: (line: string) => void, heartbeatMs: number): Promise<void> {
  const args = ['build', '-v', '-trimpath', '-ldflags', step.ldflags, '-o', `${binDir}${path.sep}`, ...step.packages];
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: step.dir,
      // -mod=readonly: every module must match go.sum; never rewrite go.mod during a build.
      env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, '-mod=readonly'].filter(Boolean).join(' ') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = Date.now();
    let compiled = 0;
    let downloaded = 0;
    const output: string[] = [];
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('go: downloading ')) downloaded++;
        else if (/^[\w.-]+(\/[\w.@~-]+)*$/.test(line)) compiled++;
        else output.push(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => {
      log(`  … ${step.label}: ${downloaded} modules downloaded, ${compiled} packages compiled (${formatSeconds(Date.now() - started)})`);
    }, heartbeatMs);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(new EngineBuildError('NO_GO', `could not run go: ${error.message}`));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (pending) output.push(pending);
      if (code === 0) resolve();
      else reject(explainFailure(output, code));
    });
  });
}

/** Turns Go's output into one message that says what to fix. */
export function explainFailure(output: string[], code: number | null): EngineBuildError {
  const notServed = output.find((l) => /403 Forbidden|not available|unknown revision|invalid version|missing go\.sum entry|verifying .*: checksum mismatch/.test(l));
  if (notServed) {
    const module = /([\w.-]+\.[\w]+\/[\w./~-]+)@(v[\w.+-]+)/.exec(notServed);
    return new EngineBuildError(
      'MODULE_NOT_SERVED',
      `the Go module proxy did not serve ${module ? `${module[1]}@${module[2]}` : 'a module the build needs'} ` +
        `(go exited with ${code}): ${notServed.trim()}`,
    );
  }
  const compileErrors = output.filter((l) => /\.go:\d+(:\d+)?: /.test(l));
  if (compileErrors.length) {
    return new EngineBuildError(
      'COMPILE_ERROR',
      `the engine's Go sources did not compile (go exited with ${code}):\n  ${compileErrors.slice(0, 10).join('\n  ')}` +
        (compileErrors.length > 10 ? `\n  … and ${compileErrors.length - 10} more` : ''),
    );
  }
  const tail = output.filter((l) => l.trim()).slice(-15);
  return new EngineBuildError('BUILD_FAILED', `go build exited with ${code}:\n  ${tail.join('\n  ')}`);
}

export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
