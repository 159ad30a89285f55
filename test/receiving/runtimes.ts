/**
 * What the runtime tests share: the runtimes' binaries, found in node_modules where `npm ci` put them (the platform
 * packages, which carry the binaries without any install script), a consumer project that has the package installed
 * as a user's would, and running a server process until it answers.
 *
 * A runtime that is missing is a failure, never a skip: CI installs them all (`npm ci`), so a missing one means the
 * install is broken, and the message says what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The platform package that carries each runtime's binary, per platform, and the binary's path inside it. */
const BINARIES: Record<'deno' | 'bun', Record<string, string>> = {
  deno: {
    'linux-x64': '@deno/linux-x64-glibc/deno',
    'linux-arm64': '@deno/linux-arm64-glibc/deno',
    'darwin-x64': '@deno/darwin-x64/deno',
    'darwin-arm64': '@deno/darwin-arm64/deno',
  },
  // The baseline build runs on any x86-64 (no AVX2 needed), so on every CI machine.
  bun: { 'linux-x64': '@oven/bun-linux-x64-baseline/bin/bun' },
};

/** The path of the runtime's binary in node_modules. @throws Error saying how to get it */
export function runtimeBinary(runtime: 'deno' | 'bun'): string {
  const platform = `${process.platform}-${process.arch}`;
  const file = BINARIES[runtime][platform];
  if (file === undefined) {
    throw new Error(`${runtime}: no binary package is set up for ${platform} (test/receiving/runtimes.ts lists them)`);
  }
  let found: string;
  try {
    found = require.resolve(file, { paths: [ROOT] });
  } catch {
    throw new Error(
      `${runtime} is missing: ${file} is not in node_modules. It comes with npm ci from package-lock.json ` +
        `(package ${file.split('/').slice(0, 2).join('/')}); run npm ci`,
    );
  }
  fs.accessSync(found, fs.constants.X_OK);
  return found;
}

/** A port free at the time of asking, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ConsumerProject {
  dir: string;
  remove(): void;
}

/**
 * A project with the package installed in node_modules as npm installs it (its package.json and compiled files,
 * copied from this repository's dist/), for runtimes that resolve `pulumi-gotowebinar/...` by name.
 */
export function consumerProject(name: string): ConsumerProject {
  const built = path.join(ROOT, 'dist/provider/receiving/web.js');
  if (!fs.existsSync(built)) {
    throw new Error('dist/ is not built: run npm run build first (npm test builds it before the tests)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gotowebinar-${name}-`));
  const installed = path.join(dir, 'node_modules/pulumi-gotowebinar');
  fs.cpSync(path.join(ROOT, 'dist/provider'), path.join(installed, 'dist/provider'), {
    recursive: true,
    filter: (source) => fs.statSync(source).isDirectory() || source.endsWith('.js'),
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { name: pkgName, version, main, types, exports } = pkg;
  fs.writeFileSync(path.join(installed, 'package.json'), JSON.stringify({ name: pkgName, version, main, types, exports }, null, 2));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, dependencies: { 'pulumi-gotowebinar': version } }, null, 2));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a file of test/receiving into the project, under another name. */
export function copyInto(project: ConsumerProject, from: string, to: string): void {
  fs.copyFileSync(path.join(__dirname, from), path.join(project.dir, to));
}

export interface RunningProcess {
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a process; it must keep running until `stop`. */
export function startProcess(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): RunningProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Waits until `url` answers a GET with 200; fails with the process's output if it does not within `ms`. */
export async function waitForHttp(url: string, running: RunningProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms. The process wrote:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
