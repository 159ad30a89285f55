/**
 * Runs a Pulumi program in a child "program host" process (program-host.js) and serves its registrations, as the
 * engine's resource monitor serves the language host's.
 *
 * Module resolution of `pulumi-gotowebinar` from the program: a program inside this repository without its own
 * package.json gets the package through Node's self-reference (the repo's package.json is named pulumi-gotowebinar
 * and has an `exports` map). For everything else (e.g. `examples/*`, which have their own package.json with a
 * `file:` dependency but no node_modules), the host and the plugin get NODE_PATH = <a directory under the system temp
 * directory holding a `pulumi-gotowebinar` symlink to this repository>:<this repository's node_modules>. NODE_PATH is consulted only
 * after every node_modules directory up the tree, so a project that has installed its dependencies uses its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PropertyMap } from '../harness';
import type { ProjectInfo, StackConfig } from './project';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PROGRAM_HOST_SCRIPT = path.join(__dirname, 'program-host.js');
/** Put into the messages of errors the driver answers a registration with (see program-host.js). */
export const STEP_FAILED_MARKER = '[driver: step failed]';
export const ROOT_STACK_TYPE = 'pulumi:pulumi:Stack';

/** Everything the SDK put into a RegisterResourceRequest that the driver uses (see program-host.js). */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  /** The inputs as the SDK serialized them: secrets as `{sig, value}`, unknowns (preview) as sentinels. */
  object: PropertyMap;
  provider: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
  deleteBeforeReplace: boolean;
  deleteBeforeReplaceDefined: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect?: boolean;
  retainOnDelete?: boolean;
  deletedWith: string;
  importId: string;
  aliasCount: number;
  transformCount: number;
  customTimeouts?: { create: string; update: string; delete: string };
  remote: boolean;
  replacementTrigger?: boolean;
  replaceWith: string[];
}

export interface RegisterAnswer {
  id: string;
  /** Outputs as the engine returns them (secrets as `{sig, value}`; in preview, absent keys are unknown). */
  state: PropertyMap;
}

export interface ProgramResult {
  stackUrn?: string;
  /** As the SDK registered them (secrets marked, unknowns in preview); undefined when the program failed early. */
  stackOutputs?: PropertyMap;
  /** Errors of the program itself (not those the driver answered registrations with). */
  programErrors: string[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface ProgramRunOptions {
  project: ProjectInfo;
  stack: string;
  preview: boolean;
  config: StackConfig;
  env?: Record<string, string | undefined>;
  timeoutMs: number;
  onRegister(registration: Registration): Promise<RegisterAnswer>;
  onComponentOutputs(urn: string, outputs: PropertyMap): void;
  onOutputLine?(stream: 'stdout' | 'stderr', line: string): void;
}

let linkDir: string | undefined;

/**
 * The NODE_PATH entry holding `pulumi-gotowebinar` → this repository: `<tmp>/pulumi-driver-<hash of the repo path>/
 * node_modules`, one per checkout, shared by every test process and never removed (a symlink; nothing to clean up).
 * Created idempotently: a fresh symlink is renamed over the old one, so concurrent processes cannot see it missing.
 */
export function packageLinkDir(): string {
  if (!linkDir) {
    const digest = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
    const nodeModules = path.join(tmpdir(), `pulumi-driver-${digest}`, 'node_modules');
    const link = path.join(nodeModules, 'pulumi-gotowebinar');
    mkdirSync(nodeModules, { recursive: true });
    let current: string | undefined;
    try {
      current = readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current !== REPO_ROOT) {
      const temporary = `${link}.${process.pid}.${Date.now()}`;
      symlinkSync(REPO_ROOT, temporary, 'dir');
      renameSync(temporary, link);
    }
    linkDir = nodeModules;
  }
  return linkDir;
}

/** NODE_PATH for the program host and the plugin (see the file comment). */
export function driverNodePath(existing?: string): string {
  return [packageLinkDir(), path.join(REPO_ROOT, 'node_modules'), ...(existing ? [existing] : [])].join(path.delimiter);
}

/** The environment a child gets: ours (as the engine passes its own), then `env` (undefined removes a variable). */
export function childEnv(extra: Record<string, string | undefined> | undefined, own: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { ...env, ...own };
}

export class ProgramHost {
  private child?: ChildProcess;
  private killed = false;

  /** Runs the program to completion (all registrations answered) and returns what it reported. */
  run(opts: ProgramRunOptions): Promise<ProgramResult> {
    const extraEnv = opts.env ?? {};
    const env = childEnv(extraEnv, {
      NODE_PATH: driverNodePath(extraEnv.NODE_PATH ?? process.env.NODE_PATH),
      PULUMI_CONFIG: JSON.stringify(opts.config.values),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(opts.config.secretKeys),
      PULUMI_NODEJS_PROJECT: opts.project.name,
      PULUMI_NODEJS_STACK: opts.stack,
      PULUMI_DRIVER_HOST_OPTIONS: JSON.stringify({
        projectDir: opts.project.dir,
        program: opts.project.program,
        project: opts.project.name,
        stack: opts.stack,
        preview: opts.preview,
        typescript: opts.project.typescript,
        tsconfig: opts.project.tsconfig,
      }),
    });
    // Jest's own flags must not reach the host.
    const child = fork(PROGRAM_HOST_SCRIPT, [], {
      cwd: opts.project.dir,
      env,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    let stdout = '';
    let stderr = '';
    const lineSplitter = (stream: 'stdout' | 'stderr') => {
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (stream === 'stdout') stdout += text;
        else stderr += text;
        partial += text;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') opts.onOutputLine?.(stream, line);
      };
    };
    child.stdout?.on('data', lineSplitter('stdout'));
    child.stderr?.on('data', lineSplitter('stderr'));

    return new Promise<ProgramResult>((resolve, reject) => {
      let done: { stackUrn?: string; stackOutputs?: PropertyMap; programErrors: string[] } | undefined;
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`the program did not finish within ${opts.timeoutMs} ms\n${stderr}`));
      }, opts.timeoutMs);
      child.on('message', (raw) => {
        const message = raw as { type: string; seq?: number; registration?: Registration; urn?: string; outputs?: PropertyMap } & Record<string, unknown>;
        if (message.type === 'register' && message.registration) {
          const seq = message.seq;
          opts.onRegister(message.registration).then(
            (answer) => this.reply({ type: 'registered', seq, id: answer.id, state: answer.state }),
            (err: Error) => this.reply({ type: 'registered', seq, error: `${STEP_FAILED_MARKER} ${err.message}` }),
          );
        } else if (message.type === 'outputs' && message.urn) {
          opts.onComponentOutputs(message.urn, message.outputs ?? {});
        } else if (message.type === 'done') {
          done = {
            stackUrn: message.stackUrn as string | undefined,
            stackOutputs: message.stackOutputs as PropertyMap | undefined,
            programErrors: (message.programErrors as string[]) ?? [],
          };
        }
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        this.child = undefined;
        if (this.killed && !done) {
          reject(new Error('the program host was stopped'));
          return;
        }
        const programErrors = done?.programErrors ?? [];
        if (!done) {
          programErrors.push(`the program host exited (code ${code}) without finishing${stderr ? `:\n${stderr.trim()}` : ''}`);
        }
        resolve({ stackUrn: done?.stackUrn, stackOutputs: done?.stackOutputs, programErrors, stdout, stderr, exitCode: code });
      });
    });
  }

  private reply(message: Record<string, unknown>): void {
    if (this.child?.connected) this.child.send(message);
  }

  kill(): void {
    this.killed = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
