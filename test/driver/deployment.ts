/**
 * One operation (preview, up, refresh, destroy): the engine's part between a program's registrations, the providers
 * and the state file. See README.md for the model and for what it does not reproduce.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  containsUnknowns,
  PluginRpcError,
  startDynamicProviderPlugin,
  type DynamicProviderPlugin,
  type PropertyMap,
} from '../harness';
import { driverNodePath, ProgramHost, REPO_ROOT, ROOT_STACK_TYPE, type ProgramResult, type Registration, type RegisterAnswer } from './program';
import type { ProjectInfo, StackConfig } from './project';
import { checkRandom, createRandom, diffRandom, isEmulatedRandomType, isRandomType, EMULATED_RANDOM_TYPES } from './random';
import { prerequisites, StateWriter, type ResourceState, type StackState } from './state';
import { DriverError, STEP_OPS, type DriverEvent, type OperationKind, type RunResult, type Step, type StepOp } from './types';
import { changedKeys, deepEqual, markSecretOutputs, present, Redactor } from './values';

export const DYNAMIC_TYPE_PREFIX = 'pulumi-nodejs:dynamic';

export interface OperationContext {
  project: ProjectInfo;
  stack: string;
  config: StackConfig;
  env?: Record<string, string | undefined>;
  parallel: number;
  timeoutMs: number;
  onEvent?: (e: DriverEvent) => void;
  /** The current state (replaced by the operation's result as it goes). */
  state: StackState;
  writer: StateWriter;
}

class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** A step that failed: the message is shown as the step's error. */
class StepFailure extends Error {}

type DiffOutcome = { changes: 'none' | 'some' | 'unknown'; replaces: string[]; deleteBeforeReplace: boolean };

/** What the operation needs of a provider, whether the real dynamic-provider plugin or the random emulation. */
interface ResourceProvider {
  check(urn: string, olds: PropertyMap, news: PropertyMap, preview: boolean): Promise<{ inputs: PropertyMap; failures: Array<{ property: string; reason: string }> }>;
  diff(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs: PropertyMap, preview: boolean): Promise<DiffOutcome>;
  create(urn: string, inputs: PropertyMap): Promise<{ id: string; outputs: PropertyMap }>;
  update(id: string, urn: string, oldOutputs: PropertyMap, news: PropertyMap, oldInputs: PropertyMap): Promise<PropertyMap>;
  read(id: string, urn: string, outputs: PropertyMap, inputs: PropertyMap): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }>;
  delete(id: string, urn: string, outputs: PropertyMap, inputs: PropertyMap): Promise<void>;
}

/** Thrown by a provider when the object exists but is not finished (ErrorResourceInitFailed). */
class InitFailedError extends Error {
  constructor(message: string, readonly id: string, readonly outputs: PropertyMap, readonly reasons: string[]) {
    super(message);
  }
}

function errorText(err: unknown): string {
  if (err instanceof PluginRpcError) return err.details || err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export class Operation {
  private readonly steps: Step[] = [];
  private readonly errors: Array<{ urn: string; message: string }> = [];
  private readonly limiter: Limiter;
  private readonly redactor = new Redactor();
  private pluginPromise?: Promise<DynamicProviderPlugin>;
  private plugin?: DynamicProviderPlugin;
  private readonly host = new ProgramHost();
  private readonly registered = new Set<string>();
  /** Live entries by URN (what the state holds apart from pending deletes). */
  private readonly live = new Map<string, ResourceState>();
  private pending: ResourceState[] = [];
  /** Originals replaced during this run: their deletion belongs to the replace step, not a step of its own. */
  private readonly replacedThisRun = new Set<ResourceState>();
  private readonly preview: boolean;
  private stopped = false;
  private stopping?: Promise<void>;

  constructor(
    private readonly ctx: OperationContext,
    readonly kind: OperationKind,
  ) {
    this.preview = kind === 'preview';
    this.limiter = new Limiter(Math.max(1, ctx.parallel));
    for (const r of ctx.state.resources) {
      if (r.pendingDelete) this.pending.push(r);
      else this.live.set(r.urn, r);
      this.redactor.learn(r.inputs);
      this.redactor.learn(r.outputs);
    }
    this.redactor.learn(ctx.state.outputs);
    for (const key of ctx.config.secretKeys) this.redactor.learnConfig(ctx.config.values[key]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Operations

  async run(): Promise<RunResult> {
    try {
      switch (this.kind) {
        case 'preview':
        case 'up':
          return await this.deploy();
        case 'refresh':
          return await this.refresh();
        case 'destroy':
          return await this.destroy();
      }
    } finally {
      await this.stop();
    }
  }

  /** Stops the program host and the plugin (idempotent; every caller waits until they are gone). */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      this.stopping = (async () => {
        this.host.kill();
        const plugin = this.plugin ?? (this.pluginPromise ? await this.pluginPromise.catch(() => undefined) : undefined);
        if (plugin) {
          this.emitPluginOutput(plugin);
          await plugin.stop();
        }
        await this.ctx.writer.flush().catch(() => undefined);
      })();
    }
    return this.stopping;
  }

  private async deploy(): Promise<RunResult> {
    // The plugin starts while the program host starts (each takes about a second): programs run by the driver are
    // about dynamic resources. A start failure surfaces at the first dynamic step, as it would anyway.
    this.startPlugin().catch(() => undefined);
    let program: ProgramResult;
    try {
      program = await this.runProgram();
    } catch (err) {
      // The host itself failed (timeout, stopped): report what was done so far; no deletes.
      this.fail(this.stackUrn(), errorText(err));
      if (!this.preview) await this.save();
      return this.finish(this.ctx.state.outputs);
    }
    const stackUrn = program.stackUrn ?? this.stackUrn();
    for (const message of program.programErrors) this.fail(stackUrn, `the program failed: ${message}`);

    // Resources in state that the program did not register, and originals of replacements: deleted last, dependents
    // first. The engine only does this when everything else succeeded (a failed or partial program run would
    // otherwise delete what it merely did not reach).
    const doomed = [...[...this.live.values()].filter((r) => !this.registered.has(r.urn)), ...this.pending];
    if (this.preview) {
      for (const r of deleteOrder(doomed)) this.record({ urn: r.urn, type: r.type, name: r.name, op: 'delete' });
    } else if (this.errors.length === 0) {
      await this.runDeletes(doomed);
    } else if (doomed.length > 0) {
      this.info(`${doomed.length} delete(s) not done because of the errors above; the next up does them`);
    }

    let outputs: PropertyMap = this.ctx.state.outputs;
    if (program.stackOutputs && this.errors.length === 0) {
      this.redactor.learn(program.stackOutputs);
      outputs = program.stackOutputs;
      if (!this.preview) await this.save(outputs);
    }
    if (!this.preview) await this.save();
    return this.finish(outputs);
  }

  private runProgram(): Promise<ProgramResult> {
    return this.host.run({
      project: this.ctx.project,
      stack: this.ctx.stack,
      preview: this.preview,
      config: this.ctx.config,
      env: this.ctx.env,
      timeoutMs: this.ctx.timeoutMs,
      onRegister: (reg) => this.register(reg),
      onComponentOutputs: (urn, outputs) => this.componentOutputs(urn, outputs),
      onOutputLine: (stream, line) => this.info(`program ${stream}: ${line}`),
    });
  }

  private async refresh(): Promise<RunResult> {
    const entries = [...this.live.values(), ...this.pending].filter((r) => r.custom);
    await Promise.all(
      entries.map((r) =>
        this.limiter.run(async () => {
          const step: Step = { urn: r.urn, type: r.type, name: r.name, op: 'refresh' };
          this.emit({ kind: 'step-start', urn: r.urn, op: 'refresh', message: `refreshing ${r.type} ${r.name}` });
          try {
            const provider = this.providerFor(r.type);
            const read = await provider.read(r.id, r.urn, r.outputs, r.inputs);
            this.redactor.learn(read.outputs);
            if (read.id === '') {
              step.op = 'read-gone';
              this.removeEntry(r);
            } else {
              const outputs = markSecretOutputs(read.outputs, r.additionalSecretOutputs);
              step.changed = changedKeys(r.outputs, outputs);
              const updated: ResourceState = { ...r, id: read.id, outputs, inputs: read.inputs ?? r.inputs, modified: now() };
              this.replaceEntry(r, updated);
            }
            await this.save();
          } catch (err) {
            this.failStep(step, errorText(err));
            return;
          }
          this.record(step);
        }),
      ),
    );
    return this.finish(this.ctx.state.outputs);
  }

  private async destroy(): Promise<RunResult> {
    await this.runDeletes([...this.live.values(), ...this.pending]);
    if (this.live.size === 0 && this.pending.length === 0) await this.save({});
    return this.finish(this.ctx.state.outputs);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Registrations (preview and up)

  private async register(reg: Registration): Promise<RegisterAnswer> {
    this.redactor.learn(reg.object);
    if (this.registered.has(reg.urn)) {
      throw this.stepError(reg, 'create', `Duplicate resource URN '${reg.urn}'; try giving it a unique name`);
    }
    this.registered.add(reg.urn);
    if (reg.type === ROOT_STACK_TYPE) return { id: '', state: {} };
    const old = this.live.get(reg.urn);
    const unsupported = unsupportedOptions(reg);
    if (unsupported) throw this.stepError(reg, old ? 'update' : 'create', unsupported);
    if (!reg.custom) return this.component(reg, old);
    let provider: ResourceProvider;
    try {
      provider = this.providerFor(reg.type);
    } catch (err) {
      throw this.stepError(reg, old ? 'update' : 'create', errorText(err));
    }
    return this.limiter.run(() => this.customResource(reg, old, provider));
  }

  private async component(reg: Registration, old: ResourceState | undefined): Promise<RegisterAnswer> {
    const op: StepOp = !old ? 'create' : deepEqual(old.inputs, reg.object) ? 'same' : 'update';
    const entry: ResourceState = {
      ...this.baseEntry(reg),
      id: '',
      inputs: reg.object,
      outputs: old?.outputs ?? {},
      created: old?.created ?? now(),
      modified: op === 'same' ? old?.modified : now(),
    };
    this.record({ urn: reg.urn, type: reg.type, name: reg.name, op });
    if (!this.preview) {
      this.live.set(reg.urn, entry);
      await this.save();
    }
    return { id: '', state: reg.object };
  }

  private componentOutputs(urn: string, outputs: PropertyMap): void {
    this.redactor.learn(outputs);
    const entry = this.live.get(urn);
    if (!entry || this.preview || entry.custom) return;
    entry.outputs = outputs;
    void this.save().catch((err) => this.info(`writing state failed: ${errorText(err)}`));
  }

  private async customResource(reg: Registration, old: ResourceState | undefined, provider: ResourceProvider): Promise<RegisterAnswer> {
    const { urn } = reg;
    let news = reg.object;
    if (old && reg.ignoreChanges.length > 0) news = applyIgnoreChanges(old.inputs, news, reg.ignoreChanges);

    let checked: { inputs: PropertyMap; failures: Array<{ property: string; reason: string }> };
    try {
      checked = await provider.check(urn, old?.inputs ?? {}, news, this.preview);
    } catch (err) {
      throw this.stepError(reg, old ? 'update' : 'create', `check failed: ${errorText(err)}`);
    }
    if (checked.failures.length > 0) {
      const reasons = checked.failures.map((f) => `${f.property}: ${f.reason}`).join('; ');
      throw this.stepError(reg, old ? 'update' : 'create', `check failed: ${reasons}`);
    }
    const inputs = checked.inputs;
    this.redactor.learn(inputs);

    if (!old) return this.createStep(reg, provider, inputs, 'create');

    let diff: DiffOutcome;
    try {
      diff = await provider.diff(old.id, urn, old.outputs, inputs, old.inputs, this.preview);
    } catch (err) {
      throw this.stepError(reg, 'update', `diff failed: ${errorText(err)}`);
    }
    let op: StepOp;
    let changed: string[];
    let replaces = [...diff.replaces];
    if (diff.changes === 'unknown') {
      // DIFF_UNKNOWN: the engine compares old and new inputs itself, `__provider` included.
      changed = changedKeys(old.inputs, inputs, true);
      op = changed.length > 0 ? 'update' : 'same';
    } else if (diff.changes === 'some') {
      changed = [...new Set([...changedKeys(old.inputs, inputs), ...replaces])].sort();
      op = replaces.length > 0 ? 'replace' : 'update';
    } else {
      changed = [];
      op = 'same';
    }
    if (op !== 'same' && reg.replaceOnChanges.length > 0) {
      const forced = changed.filter((k) => reg.replaceOnChanges.includes(k) || reg.replaceOnChanges.includes('*'));
      if (forced.length > 0) {
        op = 'replace';
        replaces = [...new Set([...replaces, ...forced])].sort();
      }
    }
    // A resource whose create half-failed is always updated (the engine's rule for resources with init errors).
    if (op === 'same' && (old.initErrors?.length ?? 0) > 0) op = 'update';

    if (op === 'same') {
      const entry: ResourceState = { ...this.baseEntry(reg), id: old.id, inputs, outputs: old.outputs, ...history(old) };
      if (old.initErrors) entry.initErrors = old.initErrors;
      this.record({ urn, type: reg.type, name: reg.name, op: 'same' });
      if (!this.preview) {
        this.live.set(urn, entry);
        await this.save();
      }
      return { id: old.id, state: old.outputs };
    }
    if (op === 'update') return this.updateStep(reg, provider, old, inputs, changed);
    const deleteBeforeReplace = diff.deleteBeforeReplace || reg.deleteBeforeReplace;
    return this.replaceStep(reg, provider, old, inputs, { replaces, changed, deleteBeforeReplace });
  }

  private async createStep(
    reg: Registration,
    provider: ResourceProvider,
    inputs: PropertyMap,
    op: 'create' | 'replace',
    extra: { replaces?: string[]; changed?: string[]; onCreated?: () => void } = {},
  ): Promise<RegisterAnswer> {
    const step: Step = { urn: reg.urn, type: reg.type, name: reg.name, op, ...stepDetails(extra) };
    if (this.preview) {
      // The plugin does not support preview: the engine uses the inputs as the outputs (absent ones are unknown).
      this.record(step);
      return { id: '', state: inputs };
    }
    this.emit({ kind: 'step-start', urn: reg.urn, op, message: `${op === 'create' ? 'creating' : 'replacing'} ${reg.type} ${reg.name}` });
    try {
      const created = await provider.create(reg.urn, inputs);
      const outputs = markSecretOutputs(created.outputs, reg.additionalSecretOutputs);
      this.redactor.learn(outputs);
      const entry: ResourceState = { ...this.baseEntry(reg), id: created.id, inputs, outputs, created: now(), modified: now() };
      extra.onCreated?.();
      this.live.set(reg.urn, entry);
      await this.save();
      this.record(step);
      return { id: created.id, state: outputs };
    } catch (err) {
      if (err instanceof InitFailedError) {
        // Partial failure: the object exists; record it with what the provider reported.
        extra.onCreated?.();
        await this.recordInitFailure(reg, err.id, inputs, err, { created: now(), modified: now() });
      }
      throw this.failStep(step, errorText(err));
    }
  }

  private async updateStep(
    reg: Registration,
    provider: ResourceProvider,
    old: ResourceState,
    inputs: PropertyMap,
    changed: string[],
  ): Promise<RegisterAnswer> {
    const step: Step = { urn: reg.urn, type: reg.type, name: reg.name, op: 'update', changed };
    if (this.preview) {
      this.record(step);
      // As the engine does for a plugin without preview support: the new inputs stand for the outputs.
      return { id: old.id, state: inputs };
    }
    this.emit({ kind: 'step-start', urn: reg.urn, op: 'update', message: `updating ${reg.type} ${reg.name}` });
    try {
      const outputs = markSecretOutputs(await provider.update(old.id, reg.urn, old.outputs, inputs, old.inputs), reg.additionalSecretOutputs);
      this.redactor.learn(outputs);
      const entry: ResourceState = { ...this.baseEntry(reg), id: old.id, inputs, outputs, ...history(old), modified: now() };
      this.live.set(reg.urn, entry);
      await this.save();
      this.record(step);
      return { id: old.id, state: outputs };
    } catch (err) {
      if (err instanceof InitFailedError) {
        await this.recordInitFailure(reg, old.id, inputs, err, { ...history(old), modified: now() });
      }
      throw this.failStep(step, errorText(err));
    }
  }

  private async replaceStep(
    reg: Registration,
    provider: ResourceProvider,
    old: ResourceState,
    inputs: PropertyMap,
    details: { replaces: string[]; changed: string[]; deleteBeforeReplace: boolean },
  ): Promise<RegisterAnswer> {
    const extra = { replaces: details.replaces, changed: details.changed };
    if (this.preview) return this.createStep(reg, provider, inputs, 'replace', extra);
    if (old.protect) {
      throw this.failStep({ urn: reg.urn, type: reg.type, name: reg.name, op: 'replace', ...stepDetails(extra) },
        `resource ${reg.urn} is protected and cannot be replaced`);
    }
    if (details.deleteBeforeReplace) {
      // Delete first, then create. (The engine would also delete-and-recreate dependents that cannot survive this;
      // the driver does not.)
      this.emit({ kind: 'step-start', urn: reg.urn, op: 'replace', message: `deleting ${reg.type} ${reg.name} before replacing it` });
      try {
        await this.deleteFromProvider(old);
      } catch (err) {
        throw this.failStep({ urn: reg.urn, type: reg.type, name: reg.name, op: 'replace', ...stepDetails(extra) }, errorText(err));
      }
      this.live.delete(reg.urn);
      await this.save();
      return this.createStep(reg, provider, inputs, 'replace', extra);
    }
    // Create before delete: the original is kept as a pending delete, deleted with the other deletes at the end.
    return this.createStep(reg, provider, inputs, 'replace', {
      ...extra,
      onCreated: () => {
        const original: ResourceState = { ...old, pendingDelete: true };
        this.replacedThisRun.add(original);
        this.pending.push(original);
      },
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Deletes

  /** Deletes `entries` dependents first, independent ones in parallel; a failed delete keeps what it depends on. */
  private async runDeletes(entries: ResourceState[]): Promise<void> {
    if (entries.length === 0) return;
    const set = new Set(entries);
    // blockers.get(x): entries that depend on x and must be deleted before it.
    const blockers = new Map<ResourceState, Set<ResourceState>>();
    for (const e of entries) blockers.set(e, new Set());
    const byUrn = new Map<string, ResourceState[]>();
    for (const e of entries) byUrn.set(e.urn, [...(byUrn.get(e.urn) ?? []), e]);
    for (const e of entries) {
      for (const urn of prerequisites(e)) for (const target of byUrn.get(urn) ?? []) if (target !== e) blockers.get(target)!.add(e);
    }
    await new Promise<void>((resolve) => {
      let running = 0;
      const started = new Set<ResourceState>();
      const startReady = () => {
        for (const e of set) {
          if (started.has(e) || blockers.get(e)!.size > 0) continue;
          started.add(e);
          running++;
          void this.limiter
            .run(() => this.deleteStep(e))
            .then((ok) => {
              running--;
              if (ok) for (const b of blockers.values()) b.delete(e);
              startReady();
            });
        }
        if (running === 0) resolve();
      };
      startReady();
    });
    const blocked = entries.filter((e) => !this.isDeleted(e) && !this.steps.some((s) => s.urn === e.urn && s.error));
    if (blocked.length > 0) this.info(`${blocked.length} delete(s) not done: resources depending on them failed to delete`);
  }

  private isDeleted(e: ResourceState): boolean {
    return e.pendingDelete ? !this.pending.includes(e) : this.live.get(e.urn) !== e;
  }

  private async deleteStep(e: ResourceState): Promise<boolean> {
    const step: Step = { urn: e.urn, type: e.type, name: e.name, op: 'delete' };
    // The original of a replacement made in this run: part of that replace step (the engine's summary counts one
    // replace); an original left over from an earlier run is a delete of its own.
    const replaceStep = this.replacedThisRun.has(e)
      ? this.steps.find((s) => s.urn === e.urn && s.op === 'replace' && !s.error)
      : undefined;
    const label = `${e.type} ${e.name}${e.pendingDelete ? ' (original of a replacement)' : ''}`;
    this.emit({ kind: 'step-start', urn: e.urn, op: replaceStep ? 'replace' : 'delete', message: `deleting ${label}` });
    try {
      if (e.protect) throw new StepFailure(`resource ${e.urn} is protected and cannot be deleted`);
      await this.deleteFromProvider(e);
      this.removeEntry(e);
      await this.save();
      if (replaceStep) this.emit({ kind: 'step-done', urn: e.urn, op: 'replace', message: `deleted ${label}` });
      else this.record(step);
      return true;
    } catch (err) {
      if (replaceStep) {
        replaceStep.error = this.redactor.redact(`deleting the original failed: ${errorText(err)}`);
        this.errors.push({ urn: e.urn, message: replaceStep.error });
        this.emit({ kind: 'step-done', urn: e.urn, op: 'replace', message: `replace ${label} failed: ${replaceStep.error}` });
      } else {
        this.failStep(step, errorText(err));
      }
      return false;
    }
  }

  private async deleteFromProvider(e: ResourceState): Promise<void> {
    if (!e.custom || e.retainOnDelete) return;
    await this.providerFor(e.type).delete(e.id, e.urn, e.outputs, e.inputs);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Providers

  private providerFor(type: string): ResourceProvider {
    if (type.startsWith(DYNAMIC_TYPE_PREFIX)) return this.dynamicProvider;
    if (isEmulatedRandomType(type)) return randomProvider;
    if (isRandomType(type)) {
      throw new Error(`${type} is not emulated by the lifecycle driver (emulated: ${EMULATED_RANDOM_TYPES.join(', ')})`);
    }
    throw new Error(
      `${type}: the lifecycle driver only runs dynamic resources (pulumi-nodejs:dynamic/*, through the real plugin), ` +
        'emulated random:index/* resources and components',
    );
  }

  private startPlugin(): Promise<DynamicProviderPlugin> {
    if (!this.pluginPromise) {
      this.pluginPromise = (async () => {
        if (this.stopped) throw new Error('the operation was stopped');
        const { project } = this.ctx;
        // The engine runs the plugin in the project directory; without an installed SDK there, the repository's.
        const cwd = existsSync(path.join(project.dir, 'node_modules', '@pulumi', 'pulumi')) ? project.dir : REPO_ROOT;
        const env = { ...(this.ctx.env ?? {}) };
        env.NODE_PATH = driverNodePath(this.ctx.env?.NODE_PATH ?? process.env.NODE_PATH);
        this.info(`starting the dynamic-provider plugin in ${cwd}`);
        const plugin = await startDynamicProviderPlugin({
          cwd,
          env,
          project: project.name,
          stack: this.ctx.stack,
          runtimeOptions: project.runtimeOptions,
        });
        this.plugin = plugin;
        if (this.stopped) {
          await plugin.stop();
          throw new Error('the operation was stopped');
        }
        await plugin.configure({ variables: this.ctx.config.values, secretKeys: this.ctx.config.secretKeys });
        return plugin;
      })();
    }
    return this.pluginPromise;
  }

  private readonly dynamicProvider: ResourceProvider = {
    check: async (urn, olds, news, preview) => (await this.startPlugin()).check(urn, olds, news, { preview }),
    diff: async (id, urn, oldOutputs, news, oldInputs, preview) => {
      const d = await (await this.startPlugin()).diff(id, urn, oldOutputs, news, { oldInputs, preview });
      const changes = d.changes === 'DIFF_NONE' ? 'none' : d.changes === 'DIFF_SOME' ? 'some' : 'unknown';
      return { changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },
    create: async (urn, inputs) => {
      try {
        const r = await (await this.startPlugin()).create(urn, inputs);
        return { id: r.id, outputs: r.properties };
      } catch (err) {
        throw asInitFailed(err);
      }
    },
    update: async (id, urn, oldOutputs, news, oldInputs) => {
      try {
        return (await (await this.startPlugin()).update(id, urn, oldOutputs, news, { oldInputs })).properties;
      } catch (err) {
        throw asInitFailed(err);
      }
    },
    read: async (id, urn, outputs, inputs) => {
      const r = await (await this.startPlugin()).read(id, urn, outputs, inputs);
      return { id: r.id, outputs: r.properties, inputs: r.inputs };
    },
    delete: async (id, urn, outputs, inputs) => (await this.startPlugin()).delete(id, urn, outputs, { oldInputs: inputs }),
  };

  // ---------------------------------------------------------------------------------------------------------------
  // Bookkeeping

  /** An init error (partial failure) of a create or update: the object exists, so it is recorded as reported. */
  private async recordInitFailure(
    reg: Registration,
    id: string,
    inputs: PropertyMap,
    err: InitFailedError,
    times: Pick<ResourceState, 'created' | 'modified'>,
  ): Promise<void> {
    const outputs = markSecretOutputs(err.outputs, reg.additionalSecretOutputs);
    this.redactor.learn(outputs);
    this.live.set(reg.urn, { ...this.baseEntry(reg), id, inputs, outputs, initErrors: err.reasons, ...times });
    await this.save();
  }

  private baseEntry(reg: Registration): Omit<ResourceState, 'id' | 'inputs' | 'outputs'> {
    const entry: Omit<ResourceState, 'id' | 'inputs' | 'outputs'> = {
      urn: reg.urn,
      type: reg.type,
      name: reg.name,
      custom: reg.custom,
      dependencies: reg.dependencies,
      propertyDependencies: reg.propertyDependencies,
    };
    if (reg.parent) entry.parent = reg.parent;
    if (reg.additionalSecretOutputs.length > 0) entry.additionalSecretOutputs = reg.additionalSecretOutputs;
    if (reg.deleteBeforeReplace) entry.deleteBeforeReplace = true;
    if (reg.protect) entry.protect = true;
    if (reg.retainOnDelete) entry.retainOnDelete = true;
    if (reg.deletedWith) entry.deletedWith = reg.deletedWith;
    return entry;
  }

  private removeEntry(e: ResourceState): void {
    if (e.pendingDelete) this.pending = this.pending.filter((p) => p !== e);
    else if (this.live.get(e.urn) === e) this.live.delete(e.urn);
  }

  private replaceEntry(old: ResourceState, updated: ResourceState): void {
    if (old.pendingDelete) this.pending = this.pending.map((p) => (p === old ? updated : p));
    else this.live.set(old.urn, updated);
  }

  private save(outputs?: PropertyMap): Promise<void> {
    if (this.preview) return Promise.resolve();
    const state = this.ctx.state;
    state.resources = [...this.live.values(), ...this.pending];
    if (outputs) state.outputs = outputs;
    return this.ctx.writer.write(state);
  }

  private stackUrn(): string {
    const { project, stack } = this.ctx;
    return `urn:pulumi:${stack}::${project.name}::${ROOT_STACK_TYPE}::${project.name}-${stack}`;
  }

  private record(step: Step): void {
    this.steps.push(step);
    const what = `${step.type} ${step.name}`;
    const message = step.error ? `${step.op} ${what} failed: ${step.error}` : `${step.op} ${what}${step.op === 'same' ? '' : ' done'}`;
    this.emit({ kind: 'step-done', urn: step.urn, op: step.op, message });
  }

  private fail(urn: string, message: string): void {
    this.errors.push({ urn, message: this.redactor.redact(message) });
  }

  private failStep(step: Step, message: string): StepFailure {
    step.error = this.redactor.redact(message);
    this.errors.push({ urn: step.urn, message: step.error });
    this.record(step);
    return new StepFailure(step.error);
  }

  private stepError(reg: Registration, op: StepOp, message: string): StepFailure {
    return this.failStep({ urn: reg.urn, type: reg.type, name: reg.name, op }, message);
  }

  private info(message: string): void {
    this.emit({ kind: 'info', message });
  }

  private emit(e: DriverEvent): void {
    if (!this.ctx.onEvent) return;
    try {
      this.ctx.onEvent({ ...e, message: this.redactor.redact(e.message) });
    } catch {
      // a listener's error must not break the operation
    }
  }

  private emitPluginOutput(plugin: DynamicProviderPlugin): void {
    for (const [stream, text] of [['stdout', plugin.stdout()], ['stderr', plugin.stderr()]] as const) {
      for (const line of text.split('\n')) if (line.trim() !== '') this.info(`plugin ${stream}: ${line}`);
    }
  }

  private finish(outputs: PropertyMap): RunResult {
    const summary = Object.fromEntries(STEP_OPS.map((op) => [op, 0])) as Record<StepOp, number>;
    for (const s of this.steps) summary[s.op]++;
    const secretOutputs = Object.keys(outputs).filter((k) => present(outputs[k]) === '[secret]').sort();
    const result: RunResult = {
      steps: this.steps,
      outputs: present(outputs) as Record<string, unknown>,
      summary,
      operation: this.kind,
      secretOutputs,
    };
    if (this.errors.length > 0) {
      const lines = this.errors.map((e) => `  ${e.urn}: ${e.message}`).join('\n');
      throw new DriverError(`${this.kind} failed with ${this.errors.length} error(s):\n${lines}`, result, [...this.errors]);
    }
    return result;
  }
}

function stepDetails(extra: { replaces?: string[]; changed?: string[] }): Pick<Step, 'replaces' | 'changed'> {
  const out: Pick<Step, 'replaces' | 'changed'> = {};
  if (extra.replaces) out.replaces = extra.replaces;
  if (extra.changed) out.changed = extra.changed;
  return out;
}

function asInitFailed(err: unknown): unknown {
  if (err instanceof PluginRpcError && err.initFailure) {
    const f = err.initFailure;
    return new InitFailedError(err.details || err.message, f.id, f.properties, f.reasons);
  }
  return err;
}

/** What the driver cannot do faithfully is refused rather than silently done differently. */
function unsupportedOptions(reg: Registration): string | undefined {
  const what = `${reg.name} [${reg.type}]`;
  if (reg.importId) return `${what}: the import option is not supported by the lifecycle driver`;
  if (reg.aliasCount > 0) return `${what}: aliases are not supported by the lifecycle driver`;
  if (reg.transformCount > 0) return `${what}: transforms are not supported by the lifecycle driver (mocks do not run them)`;
  if (reg.remote) return `${what}: remote components are not supported by the lifecycle driver`;
  if (reg.provider) return `${what}: explicit provider resources are not supported by the lifecycle driver`;
  if (reg.replacementTrigger || reg.replaceWith.length > 0) return `${what}: replacementTrigger/replaceWith are not supported by the lifecycle driver`;
  const nested = reg.ignoreChanges.concat(reg.replaceOnChanges).find((p) => p !== '*' && /[.[\]"]/.test(p));
  if (nested) return `${what}: only top-level property names are supported in ignoreChanges/replaceOnChanges (got "${nested}")`;
  return undefined;
}

/** The engine applies ignoreChanges before Check: ignored properties keep their old input values. */
function applyIgnoreChanges(oldInputs: PropertyMap, news: PropertyMap, ignore: string[]): PropertyMap {
  const out = { ...news };
  const keys = ignore.includes('*') ? Object.keys({ ...oldInputs, ...news }).filter((k) => k !== '__provider') : ignore;
  for (const k of keys) {
    if (Object.prototype.hasOwnProperty.call(oldInputs, k)) out[k] = oldInputs[k];
    else delete out[k];
  }
  return out;
}

/** Dependents before what they depend on (for the preview's listing of deletes). */
export function deleteOrder(entries: ResourceState[]): ResourceState[] {
  const out: ResourceState[] = [];
  const remaining = new Set(entries);
  const byUrn = new Map<string, ResourceState[]>();
  for (const e of entries) byUrn.set(e.urn, [...(byUrn.get(e.urn) ?? []), e]);
  const dependents = new Map<ResourceState, Set<ResourceState>>();
  for (const e of entries) dependents.set(e, new Set());
  for (const e of entries) for (const u of prerequisites(e)) for (const t of byUrn.get(u) ?? []) if (t !== e) dependents.get(t)!.add(e);
  while (remaining.size > 0) {
    const ready = [...remaining].filter((e) => [...dependents.get(e)!].every((d) => !remaining.has(d)));
    const batch = ready.length > 0 ? ready : [...remaining].slice(0, 1); // a cycle: break it anywhere
    for (const e of batch) {
      remaining.delete(e);
      out.push(e);
    }
  }
  return out;
}

const randomProvider: ResourceProvider = {
  async check(_urn, _olds, news) {
    return checkRandom(typeFromUrn(_urn), news);
  },
  async diff(_id, _urn, _oldOutputs, news, oldInputs) {
    const { changed } = diffRandom(oldInputs, news, deepEqual);
    return { changes: changed.length > 0 ? 'some' : 'none', replaces: changed, deleteBeforeReplace: false };
  },
  async create(urn, inputs) {
    if (containsUnknowns(inputs)) throw new Error('create with unknown inputs');
    return createRandom(typeFromUrn(urn), inputs);
  },
  async update() {
    throw new Error('random resources are replaced, never updated');
  },
  async read(id, _urn, outputs, inputs) {
    return { id, outputs, inputs };
  },
  async delete() {
    // nothing to delete: the value only lives in state
  },
};

function typeFromUrn(urn: string): string {
  return urn.split('::')[2].split('$').pop() as string;
}

function history(old: ResourceState): Pick<ResourceState, 'created' | 'modified'> {
  const out: Pick<ResourceState, 'created' | 'modified'> = {};
  if (old.created) out.created = old.created;
  if (old.modified) out.modified = old.modified;
  return out;
}

function now(): string {
  return new Date().toISOString();
}

