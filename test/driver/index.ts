/**
 * The lifecycle driver: runs whole Pulumi programs the way the engine would (preview, up, refresh, destroy) without
 * the Pulumi CLI, and keeps a JSON state file. The program runs in a child "program host" under
 * `pulumi.runtime.setMocks`; dynamic resources go to the real dynamic-provider plugin (test/harness); `random`
 * resources are emulated. See README.md, including what it does not reproduce.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { stripSecrets, isSecret } from '../harness';
import { Operation } from './deployment';
import { loadProject, loadStackConfig, type ProjectInfo, type StackConfig } from './project';
import { emptyState, readState, StateWriter, type StackState } from './state';
import type { DriverEvent, OperationKind, RunResult } from './types';
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from './values';

export { DriverError, STEP_OPS } from './types';
export type { DriverEvent, OperationKind, RunResult, Step, StepOp } from './types';
export { DriverConfigError } from './project';
export type { ProjectInfo, StackConfig } from './project';
export type { ResourceState, StackState } from './state';
export { formatPlan } from './format';
export { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from './values';
export { EMULATED_RANDOM_TYPES } from './random';

export interface StackOptions {
  /** Has Pulumi.yaml. */
  projectDir: string;
  /** Reads Pulumi.<stack>.yaml if present. */
  stack: string;
  /** JSON; created if missing. */
  stateFile: string;
  /** Namespaced keys (a key without a namespace gets the project's), string values (objects as JSON text). */
  config?: Record<string, string>;
  /** Same, marked secret (like `pulumi config set --secret`). */
  secretConfig?: Record<string, string>;
  /** For the program host and the plugin (e.g. GOTOWEBINAR_ACCESS_TOKEN); undefined removes an inherited variable. */
  env?: Record<string, string | undefined>;
  /** Steps at a time. Default 16. */
  parallel?: number;
  onEvent?: (e: DriverEvent) => void;
  /** Added: how long one program run may take before the driver gives up. Default 120 s. */
  timeoutMs?: number;
}

export interface StackResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** Secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Secrets unwrapped. */
  outputs: Record<string, unknown>;
  /** Added: names of the outputs that are secret in state. */
  secretOutputs: string[];
  /** Added: URNs this resource depends on (dependencies and property dependencies). */
  dependencies: string[];
  /** Added: the parent's URN (the root stack for top-level resources). */
  parent?: string;
  /** Added: false for component resources. */
  custom: boolean;
}

export class Stack {
  private closed = false;
  private current?: Operation;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: StackOptions,
    /** Added: the project as the driver read it. */
    readonly project: ProjectInfo,
    private readonly config: StackConfig,
    private state: StackState,
    private readonly writer: StateWriter,
  ) {}

  /** Reads the project, the stack config and the state file (creating it if missing). Config errors throw here. */
  static async open(options: StackOptions): Promise<Stack> {
    const project = loadProject(options.projectDir);
    const config = loadStackConfig(project, options.stack, options);
    const stateFile = path.resolve(options.stateFile);
    const state = readState(stateFile, project.name, options.stack);
    const writer = new StateWriter(stateFile);
    if (!existsSync(stateFile)) await writer.write(emptyState(project.name, options.stack));
    const { raw: _raw, ...info } = project;
    return new Stack({ ...options, stateFile }, info, config, state, writer);
  }

  /** Check and Diff only: what `up` would do. */
  preview(): Promise<RunResult> {
    return this.operate('preview');
  }

  /** Check, Diff, then Create / Update / replace / delete; throws DriverError when any step failed. */
  up(): Promise<RunResult> {
    return this.operate('up');
  }

  /** Read every resource: gone ones leave the state; returned inputs replace the stored ones. */
  refresh(): Promise<RunResult> {
    return this.operate('refresh');
  }

  /** Delete everything, dependents first. */
  destroy(): Promise<RunResult> {
    return this.operate('destroy');
  }

  /** Stack outputs from state, secrets unwrapped. */
  outputs(): Record<string, unknown> {
    return stripSecrets(this.state.outputs);
  }

  /** Added: names of the stack outputs that are secret. */
  secretOutputs(): string[] {
    return Object.keys(this.state.outputs).filter((k) => isSecret(this.state.outputs[k])).sort();
  }

  /** Resources in state (not the root stack; not originals of replacements still pending deletion). */
  resources(): StackResource[] {
    return this.state.resources
      .filter((r) => !r.pendingDelete)
      .map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        id: r.id,
        inputs: stripSecrets(r.inputs),
        outputs: stripSecrets(r.outputs),
        secretOutputs: Object.keys(r.outputs).filter((k) => isSecret(r.outputs[k])).sort(),
        dependencies: [...new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()])],
        parent: r.parent,
        custom: r.custom,
      }));
  }

  /** Added: the state as the driver holds it (secrets as `{sig, value}` markers), a deep copy. */
  stateSnapshot(): StackState {
    return structuredClone(this.state);
  }

  /** Added: the state file's path. */
  get stateFile(): string {
    return this.options.stateFile;
  }

  /** Stops any running operation's processes. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.current?.stop();
    await this.writer.flush().catch(() => undefined);
  }

  private operate(kind: OperationKind): Promise<RunResult> {
    const run = async () => {
      if (this.closed) throw new Error('the stack is closed');
      // Each operation starts from the state as last written (a previous failure may have left changes in it).
      this.state = readState(this.options.stateFile, this.project.name, this.options.stack);
      const op = new Operation(
        {
          project: this.project,
          stack: this.options.stack,
          config: this.config,
          env: this.options.env,
          parallel: this.options.parallel ?? 16,
          timeoutMs: this.options.timeoutMs ?? 120_000,
          onEvent: this.options.onEvent,
          state: this.state,
          writer: this.writer,
        },
        kind,
      );
      this.current = op;
      try {
        return await op.run();
      } finally {
        this.current = undefined;
        await this.writer.flush().catch(() => undefined);
        this.state = readState(this.options.stateFile, this.project.name, this.options.stack);
      }
    };
    // One operation at a time, like a stack lock.
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Placeholders used in RunResult.outputs and formatPlan. */
export const PLACEHOLDERS = { secret: SECRET_PLACEHOLDER, unknown: UNKNOWN_PLACEHOLDER } as const;
