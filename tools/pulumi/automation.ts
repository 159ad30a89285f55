/**
 * Runs a Pulumi project under the real engine through the Automation API (`@pulumi/pulumi/automation`), with the
 * project's engine build (build.ts), offline (environment.ts), on a local file backend of its own. Used by
 * `npm run demo`, `npm run bench` and the stack and example tests.
 *
 * Each operation returns what the engine reported, from its event stream: one step per resource with the
 * operation the engine planned or performed (replacements collapsed into one `replace`), the diagnostics
 * (warnings, errors, the plugins' lines) and the engine's own text output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LocalWorkspace,
  PulumiCommand,
  type EngineEvent,
  type OpType,
  type Stack,
} from '@pulumi/pulumi/automation';
import { ensureEngine, type Engine } from './build';
import { ensureRandomPlugin, offlineEnv, type Env } from './environment';

export type StepOp = 'create' | 'update' | 'replace' | 'delete' | 'same' | 'refresh' | 'read-gone' | 'read';
export type OperationKind = 'preview' | 'up' | 'refresh' | 'destroy';

export interface Step {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** Properties that differ (for replace: the ones that force it first). */
  changed: string[];
  /** Set when the engine reported this resource's operation as failed. */
  error?: string;
}

export interface Diagnostic {
  severity: 'debug' | 'info' | 'info#err' | 'warning' | 'error';
  message: string;
  urn?: string;
}

export interface RunResult {
  operation: OperationKind;
  steps: Step[];
  diagnostics: Diagnostic[];
  /** The engine's text output, as `pulumi <operation>` prints it. */
  stdout: string;
  /** Wall time of the operation (engine start to finish). */
  durationMs: number;
}

/** An operation the engine ended with an error: `result` holds what it did report. */
export class EngineOperationError extends Error {
  constructor(
    message: string,
    readonly result: RunResult,
    /** Every error the engine reported (per resource, or of the program). */
    readonly errors: Diagnostic[],
  ) {
    super(message);
    this.name = 'EngineOperationError';
  }
}

export interface EngineStackOptions {
  /** The Pulumi project directory (Pulumi.yaml). Stack config files are written there. */
  workDir: string;
  stackName: string;
  /** A directory for the file backend; default a new temp dir, removed by `remove()`. */
  backendDir?: string;
  /** Environment for the engine, the program and the plugins (e.g. GOTOWEBINAR_*), over this process's; `undefined` blanks a variable. */
  env?: Env;
  /** Plain and secret stack config, set before the first operation. */
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  /** `--parallel`; default the engine's own (4 × CPUs). */
  parallel?: number;
  /** Global flags the Automation API has no option for (e.g. `--disable-integrity-checking`), added to every command. */
  cliFlags?: string[];
  /** The engine's output, as it prints it. */
  onOutput?: (text: string) => void;
  /** Each engine event. */
  onEvent?: (event: EngineEvent) => void;
}

export class EngineStack {
  private constructor(
    readonly stack: Stack,
    readonly engine: Engine,
    readonly backendDir: string,
    private readonly ownsBackend: boolean,
    private readonly options: EngineStackOptions,
    private readonly envVars: Record<string, string>,
  ) {}

  static async open(options: EngineStackOptions): Promise<EngineStack> {
    const engine = await ensureEngine();
    const ownsBackend = !options.backendDir;
    const backendDir = options.backendDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-backend-'));
    const env = offlineEnv(engine, { PULUMI_BACKEND_URL: `file://${backendDir}`, PULUMI_HOME: undefined });
    ensureRandomPlugin(engine, env);
    const pulumiCommand = await PulumiCommand.get({ root: cliRoot(engine, backendDir, options.cliFlags ?? []) });
    // The Automation API runs the CLI with this process's environment plus envVars, so a variable cannot be removed,
    // only blanked: `undefined` in options.env becomes '' (which the provider, like most tools, reads as unset).
    const blanked = Object.fromEntries(Object.entries(options.env ?? {}).map(([k, v]) => [k, v ?? '']));
    const envVars = stringsOnly({ ...env, ...blanked });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: options.stackName, workDir: options.workDir },
      { pulumiCommand, envVars },
    );
    const all: Record<string, { value: string; secret: boolean }> = {};
    for (const [k, v] of Object.entries(options.config ?? {})) all[k] = { value: v, secret: false };
    for (const [k, v] of Object.entries(options.secretConfig ?? {})) all[k] = { value: v, secret: true };
    if (Object.keys(all).length) await stack.setAllConfig(all);
    return new EngineStack(stack, engine, backendDir, ownsBackend, options, envVars);
  }

  /**
   * The environment in which a command that runs the Pulumi CLI itself (`npx pulumi-gotowebinar login`, `doctor`)
   * addresses this stack as the engine's operations do: the same backend, passphrase and variables, and
   * PULUMI_GOTOWEBINAR_PULUMI naming this build's CLI.
   */
  commandEnv(): Record<string, string> {
    return { ...this.envVars, PULUMI_GOTOWEBINAR_PULUMI: path.join(this.engine.binDir, 'pulumi') };
  }

  /** The file backend's checkpoint of this stack, as stored (secrets encrypted; `.json.gz`/`.json.zst` when compressed). */
  stateFile(): string {
    const dir = path.join(this.backendDir, '.pulumi', 'stacks');
    const project = path.join(dir, fs.readdirSync(dir)[0]);
    const base = path.join(project, `${this.options.stackName}.json`);
    return ['', '.zst', '.gz'].map((ext) => base + ext).find((f) => fs.existsSync(f)) ?? base;
  }

  /** `diff`: print each resource's property diff, as `pulumi preview --diff` does (default: plain output). */
  preview(extra: { refresh?: boolean; expectNoChanges?: boolean; diff?: boolean } = {}): Promise<RunResult> {
    return this.operate('preview', (common) => this.stack.preview({ ...common, ...extra }));
  }

  up(extra: { diff?: boolean } = {}): Promise<RunResult> {
    return this.operate('up', (common) => this.stack.up({ ...common, ...extra }));
  }

  refresh(): Promise<RunResult> {
    return this.operate('refresh', (common) => this.stack.refresh(common));
  }

  destroy(): Promise<RunResult> {
    return this.operate('destroy', (common) => this.stack.destroy(common));
  }

  /** Stack outputs, secrets unwrapped. */
  async outputs(): Promise<Record<string, unknown>> {
    const out = await this.stack.outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }

  async secretOutputs(): Promise<string[]> {
    const out = await this.stack.outputs();
    return Object.keys(out).filter((k) => out[k].secret).sort();
  }

  /** The resources in state (the stack and provider resources included), from `pulumi stack export`. */
  async resources(): Promise<Array<{ urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }>> {
    const exported = await this.stack.exportStack();
    return (exported.deployment?.resources ?? []) as Array<{ urn: string; type: string }>;
  }

  /** Removes the stack and, when it made it, the backend directory. */
  async remove(): Promise<void> {
    await this.stack.workspace.removeStack(this.options.stackName, { force: true }).catch(() => undefined);
    if (this.ownsBackend) fs.rmSync(this.backendDir, { recursive: true, force: true });
  }

  private async operate(
    operation: OperationKind,
    call: (common: { onEvent: (e: EngineEvent) => void; onOutput: (t: string) => void; parallel?: number; color: 'never' }) => Promise<{ stdout: string }>,
  ): Promise<RunResult> {
    const collector = new EventCollector(operation);
    const started = Date.now();
    let stdout = '';
    const common = {
      onEvent: (e: EngineEvent) => {
        collector.add(e);
        this.options.onEvent?.(e);
      },
      onOutput: (text: string) => {
        stdout += text;
        this.options.onOutput?.(text);
      },
      parallel: this.options.parallel,
      color: 'never' as const,
    };
    try {
      const r = await call(common);
      return collector.result(r.stdout || stdout, Date.now() - started);
    } catch (error) {
      const result = collector.result(stdout, Date.now() - started);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      const first = errors.map((e) => e.message.trim()).find((m) => m && !/^update failed$/.test(m));
      throw new EngineOperationError(
        `pulumi ${operation} failed${first ? `: ${first}` : `: ${(error as Error).message.split('\n')[0]}`}`,
        result,
        errors,
      );
    }
  }
}

/**
 * The CLI's root directory for the Automation API: the engine build's, or, with `flags`, a `bin/pulumi` script in
 * `dir` that runs the build's CLI with them appended (persistent flags are accepted after any command).
 */
function cliRoot(engine: Engine, dir: string, flags: string[]): string {
  if (!flags.length) return path.dirname(engine.binDir);
  const root = path.join(dir, 'cli-with-flags');
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = `#!/bin/sh\nexec ${quote(path.join(engine.binDir, 'pulumi'))} "$@" ${flags.map(quote).join(' ')}\n`;
  fs.writeFileSync(path.join(root, 'bin', 'pulumi'), script, { mode: 0o755 });
  return root;
}

/** Collapses the engine's step events into one Step per resource. */
class EventCollector {
  private readonly steps = new Map<string, Step>();
  private readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly operation: OperationKind) {}

  add(e: EngineEvent): void {
    if (e.diagnosticEvent) {
      const d = e.diagnosticEvent;
      // The SDK's type omits 'debug', which the engine does send (one per RPC of the program).
      if (d.ephemeral || (d.severity as string) === 'debug') return;
      this.diagnostics.push({ severity: d.severity, message: d.message, urn: d.urn || undefined });
      return;
    }
    const meta = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
    if (!meta) return;
    const op = stepOp(meta.op, !!meta.new, this.operation);
    if (!op) return;
    const existing = this.steps.get(meta.urn);
    const changed = [...new Set([...(meta.keys ?? []), ...(meta.diffs ?? [])])];
    if (!existing || rank(op) > rank(existing.op)) {
      this.steps.set(meta.urn, { urn: meta.urn, type: meta.type, name: nameOf(meta.urn), op, changed });
    } else if (changed.length) {
      existing.changed = [...new Set([...existing.changed, ...changed])];
    }
    if (e.resOpFailedEvent) this.steps.get(meta.urn)!.error = 'failed';
  }

  result(stdout: string, durationMs: number): RunResult {
    // Attach each resource's error diagnostics to its step.
    for (const d of this.diagnostics) {
      if (d.severity !== 'error' || !d.urn) continue;
      const step = this.steps.get(d.urn);
      if (step) step.error = step.error && step.error !== 'failed' ? `${step.error}\n${d.message.trim()}` : d.message.trim();
    }
    return { operation: this.operation, steps: [...this.steps.values()], diagnostics: this.diagnostics, stdout, durationMs };
  }
}

function stepOp(op: OpType, hasNew: boolean, operation: OperationKind): StepOp | undefined {
  switch (op) {
    case 'replace':
    case 'create-replacement':
    case 'delete-replaced':
    case 'discard-replaced':
    case 'read-replacement':
      return 'replace';
    case 'delete':
      // A refresh that finds the object gone reports it as a delete (from state, not at the provider).
      return operation === 'refresh' ? 'read-gone' : 'delete';
    case 'create':
    case 'update':
    case 'same':
    case 'read':
      return op;
    case 'refresh':
      return hasNew || operation !== 'refresh' ? 'refresh' : 'read-gone';
    case 'discard':
      return 'read-gone';
    default:
      return undefined;
  }
}

function rank(op: StepOp): number {
  return ['same', 'read', 'refresh', 'update', 'create', 'delete', 'read-gone', 'replace'].indexOf(op);
}

/** `urn:pulumi:dev::proj::type::name` → `name`. */
export function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

function stringsOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
