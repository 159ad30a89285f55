/**
 * The one lifecycle shared by the three resources. A ResourceSpec says what is particular to a resource (its
 * declaration, and how to read, create, update and delete it); this file turns it into the provider methods with
 * the behaviour every resource must have:
 *
 * - check validates and fills defaults from the declaration, without touching the API;
 * - diff compares the desired inputs with the LIVE object, so changes made in the GoTo console show in a plain
 *   `pulumi preview` (with a warning saying what drifted: drift-report.ts), and an object deleted outside Pulumi
 *   shows as a replacement;
 * - read returns the live object and the inputs that describe it (an empty id when it is gone; an import of what
 *   is not there, or cannot be managed, fails saying why: import-refusals.ts);
 * - delete of something already gone succeeds;
 * - a create that half-succeeds throws an error carrying the id, so the engine records the resource and the next
 *   `up` finishes the job instead of creating a duplicate.
 *
 * Each call gets the Connection of the resource's organizer from the runtime (runtime.ts). Outputs are plain JSON:
 * undefined values are dropped (the engine cannot encode them).
 */
import { GoToConfigError, isNotFound } from '../api';
import {
  adoptingInput,
  checkInputs,
  inputNames,
  isUnknown,
  replacingInputs,
  type CheckedInputsOf,
  type CheckFailure,
  type InputsOf,
  type OutputsOf,
  type ResourceDeclaration,
} from '../declarations';
import { withoutUndefined } from '../rules/objects';
import type { Connection } from './connection/connection';
import { driftWarning, goneWarning, type DriftItem } from './drift-report';
import { ProviderError, ResourceInitError } from './errors';
import { credentialsLabel, importNotFound, importUnmanageable } from './import-refusals';
import type { Runtime } from './runtime';
import { withTimeout } from './with-timeout';

type Props = Record<string, unknown>;

/**
 * The connection of a resource's organizer, resolved on call: a method that sends nothing (a SecretKey's delete or
 * rename) must work without credentials, e.g. to remove a key from a stack whose credentials are gone.
 */
export type Connect = () => Connection;

export interface ResourceSpec<D extends ResourceDeclaration, Live extends object> {
  declaration: D;
  /**
   * Whether a replacement deletes the old object before creating the new one. Each spec says why it chose; the
   * engine's default (false) creates the new one first.
   */
  deleteBeforeReplace: boolean;
  /** Whether an input differs from the old outputs; default: strict inequality, and unknown counts as a change. */
  inputChanged?(property: string, olds: OutputsOf<D>, news: CheckedInputsOf<D>): boolean;
  /**
   * The live object, or undefined when GoTo no longer has it. Absent for objects GoTo cannot read back. `fresh`:
   * read this object now (before an update); otherwise a shared snapshot of recent reads may answer (diff, refresh).
   */
  readLive?(connection: Connection, id: string, fresh: boolean): Promise<Live | undefined>;
  /** Inputs that GoTo can change in place and that differ between desired inputs and the live object. */
  drift?(news: CheckedInputsOf<D>, live: Live): (keyof Live & string)[];
  /** Objects that cannot be updated in place whatever the input (e.g. live shows another webhook). */
  liveReplaces?(news: CheckedInputsOf<D>, live: Live): (keyof Live & string)[];
  /** `connect` gives the connection of the resource's organizer, resolved when first called (see Connect). */
  create(connect: Connect, inputs: CheckedInputsOf<D>): Promise<{ id: string; outs: OutputsOf<D> }>;
  /** Bring the live object to `news`. `live` is undefined for objects GoTo cannot read back. */
  update(connect: Connect, id: string, olds: OutputsOf<D>, news: CheckedInputsOf<D>, live: Live | undefined): Promise<OutputsOf<D>>;
  delete(connect: Connect, id: string, props: OutputsOf<D>): Promise<void>;
  /** Outputs and inputs describing a live object, for refresh. */
  describeLive?(live: Live, props: OutputsOf<D>): { outs: OutputsOf<D>; inputs: InputsOf<D> };
  /** Inputs to report on refresh for objects GoTo cannot read (their stored outputs are the truth). */
  inputsFromOutputs?(props: OutputsOf<D>): InputsOf<D>;
}

/** Thrown by a spec's create when the object exists at GoTo but could not be brought to the desired state. */
export class PartialCreateError extends Error {
  constructor(
    readonly id: string,
    readonly outs: Props,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * The provider methods of one resource. Their shapes are those of the Pulumi SDK's typed
 * `dynamic.ResourceProvider<Inputs, Outputs>` (the runtime's index checks that they fit); `__provider`, the
 * dynamic form's serialized text, may ride along in the props and is dropped before a spec sees them.
 */
export interface ProviderMethods<D extends ResourceDeclaration> {
  check(olds: Props, news: Props): Promise<{ inputs: CheckedInputsOf<D>; failures: CheckFailure[] }>;
  diff(id: string, olds: OutputsOf<D>, news: CheckedInputsOf<D>): Promise<DiffResult>;
  create(inputs: CheckedInputsOf<D>): Promise<{ id: string; outs: OutputsOf<D> }>;
  read(id: string, props?: OutputsOf<D>): Promise<{ id: string; props: OutputsOf<D>; inputs?: InputsOf<D> }>;
  update(id: string, olds: OutputsOf<D>, news: CheckedInputsOf<D>): Promise<{ outs: OutputsOf<D> }>;
  delete(id: string, props: OutputsOf<D>): Promise<void>;
}

export interface DiffResult {
  changes: boolean;
  /** The properties whose change means a new object. */
  replaces: string[];
  deleteBeforeReplace: boolean;
  /**
   * Every property that differs: changed inputs, and inputs that drifted at GoTo. The dynamic plugin ignores it (it
   * cannot show a detailed diff); the native provider turns it into one.
   */
  diffs: string[];
}

export function lifecycle<D extends ResourceDeclaration, Live extends object>(
  spec: ResourceSpec<D, Live>,
  runtime: () => Runtime,
): ProviderMethods<D> {
  const { declaration } = spec;
  const kind = declaration.name;
  const replaceOn = replacingInputs(declaration);
  const adoptKey = adoptingInput(declaration);
  const inputs = inputNames(declaration);
  const connectFor = (props: Props): Connect => () => runtime().connection(organizerOf(props));
  const changed = (p: string, olds: OutputsOf<D>, news: CheckedInputsOf<D>) =>
    spec.inputChanged
      ? spec.inputChanged(p, olds, news)
      : isUnknown(field(news, p)) || field(olds, p) !== field(news, p);

  return {
    async check(_olds, news) {
      runtime().checkSettings();
      const { inputs, failures } = checkInputs(declaration, news);
      return { inputs: inputs as CheckedInputsOf<D>, failures };
    },

    async diff(id, olds, news) {
      const replaces = replaceOn.filter((p) => changed(p, olds, news));
      const adopt = adoptKey ? field(news, adoptKey) : undefined;
      if (adopt !== undefined && adopt !== id) replaces.push(adoptKey!);
      const dbr = spec.deleteBeforeReplace;
      // Inputs that only live in state (organizer of a webhook, …) and inputs GoTo can change.
      const inputChanges = inputs.filter((p) => p !== adoptKey && !replaces.includes(p) && changed(p, olds, news));
      if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: dbr, diffs: [...replaces, ...inputChanges] };

      const fromState = { changes: inputChanges.length > 0, replaces: [], deleteBeforeReplace: false, diffs: inputChanges };
      if (!spec.readLive) return fromState;

      const current = runtime();
      const { settings } = current;
      if (!settings.liveDiff()) {
        // Once: every resource's diff would say the same.
        await current.warnOnce(STATE_ONLY);
        return fromState;
      }
      const what = `${kind} ${id}`;
      const live = await readForDiff(() => spec.readLive!(connectFor(olds)(), id, false), what, settings.diffTimeoutMs());
      if (live === undefined) {
        // Deleted outside Pulumi: replacing recreates it (the delete of the old id then finds nothing, which is fine).
        await current.warnOnce(goneWarning(what));
        const gone = [adoptKey ?? 'id'];
        return { changes: true, replaces: gone, deleteBeforeReplace: dbr, diffs: gone };
      }
      const driftOf = (properties: (keyof Live & string)[]) =>
        properties.map((p) => ({ property: p, live: live[p], declared: field(news, p) }));
      const liveReplaces = spec.liveReplaces?.(news, live) ?? [];
      if (liveReplaces.length > 0) {
        await warnDrift(current, what, driftOf(liveReplaces), 'GoTo cannot change that in place: `pulumi up` replaces it.');
        return { changes: true, replaces: liveReplaces, deleteBeforeReplace: dbr, diffs: [...liveReplaces, ...inputChanges] };
      }
      const drift = spec.drift?.(news, live) ?? [];
      await warnDrift(current, what, driftOf(drift), '`pulumi up` brings it back to the declared value.');
      const diffs = [...new Set([...inputChanges, ...drift])];
      return { changes: diffs.length > 0, replaces: [], deleteBeforeReplace: false, diffs };
    },

    async create(news) {
      const desired = withoutProvider(news);
      try {
        const { id, outs } = await spec.create(connectFor(desired), desired);
        return { id, outs: plain(outs) };
      } catch (err) {
        if (!(err instanceof PartialCreateError)) throw err;
        // The engine records the resource with these properties; the next `up` diffs and updates it. With
        // `__provider`: on this path the plugin stores exactly these properties, and a later Read or Delete of the
        // dynamic resource needs it.
        throw new ResourceInitError(
          `${kind} ${err.id} was created but could not be finished: ${err.message} ` +
            'It is recorded in the stack; run `pulumi up` again to finish it.',
          err.id,
          plain({ ...news, ...err.outs }),
        );
      }
    },

    async read(id, stored = {} as OutputsOf<D>) {
      const props = withoutProvider(stored);
      if (!spec.readLive || !spec.describeLive) {
        if (Object.keys(props).length === 0) {
          // An import: nothing in state, and GoTo has no read for this kind of object.
          throw ProviderError.notReadable(
            `A ${kind} cannot be imported: GoTo shows a signing key's value only once, when it is created, and has no ` +
              'way to read a key back, so there is nothing to import. Declare a new SecretKey instead (GoTo signs with ' +
              'it from its validFrom on); keys made outside Pulumi stay valid at GoTo until a newer one takes over.',
            id,
          );
        }
        // The inputs the stored outputs say (every such kind has inputsFromOutputs; one without would report none).
        const inputs = spec.inputsFromOutputs?.(props);
        return { id, props: plain(props), inputs: inputs && plain(inputs) };
      }
      // An import's Read carries nothing from state: the provider's own credentials look for the key alone.
      const importing = Object.keys(props).length === 0;
      const live = await spec.readLive(connectFor(props)(), id, false);
      if (live === undefined) {
        if (importing) throw importNotFound(kind, id, credentialsLabel(runtime().settings));
        return { id: '', props: {} as OutputsOf<D> }; // a refresh: gone, and the engine drops it from state
      }
      const { outs, inputs } = spec.describeLive(live, props);
      if (importing) {
        const fixed = checkInputs(declaration, inputs).failures.filter((f) => replaceOn.includes(f.property));
        if (fixed.length > 0) throw importUnmanageable(kind, id, fixed);
      }
      return { id, props: plain(outs), inputs: plain(inputs) };
    },

    async update(id, olds, news) {
      const connect = connectFor(news);
      const desired = withoutProvider(news);
      let live: Live | undefined;
      if (spec.readLive) {
        live = await spec.readLive(connect(), id, true);
        if (live === undefined) {
          throw ProviderError.gone(
            `${kind} ${id} no longer exists at GoTo (deleted outside Pulumi). Run \`pulumi up\` again: the ` +
              'preview will show it as a replacement and recreate it.',
            id,
          );
        }
      }
      return { outs: plain(await spec.update(connect, id, withoutProvider(olds), desired, live)) };
    },

    async delete(id, props) {
      try {
        await spec.delete(connectFor(props), id, withoutProvider(props));
      } catch (err) {
        if (!isNotFound(err)) throw err; // already gone: the goal of a delete is met
      }
    },
  };
}

const AVOID_LIVE_READS = 'set `gotowebinar:liveDiff false` (or GOTOWEBINAR_LIVE_DIFF=false) to preview from the stack state alone';

/**
 * A diff's read of the live object, bounded in time: a preview with GoTo unreachable fails within the timeout, and
 * one without credentials at once, each saying how to preview without reading GoTo.
 */
async function readForDiff<T>(read: () => Promise<T>, what: string, timeoutMs: number): Promise<T> {
  try {
    return await withTimeout(read(), timeoutMs, () => {
      throw ProviderError.diffTimeout(
        `Could not read ${what} from GoTo within ${timeoutMs / 1000} s to check it for drift (GoTo unreachable or ` +
          `failing). Retry later, raise gotowebinar:diffTimeoutSeconds, or ${AVOID_LIVE_READS}.`,
      );
    });
  } catch (err) {
    if (err instanceof GoToConfigError) {
      throw new GoToConfigError(`${err.message} To check for drift, diff reads GoTo; or ${AVOID_LIVE_READS}.`, err.setting);
    }
    throw err;
  }
}

const STATE_ONLY =
  'gotowebinar: liveDiff is false: this preview compares the program with the stack state only; drift at GoTo was NOT checked.';

async function warnDrift(runtime: Runtime, what: string, items: DriftItem[], consequence: string): Promise<void> {
  const message = driftWarning(what, items, consequence);
  if (message) await runtime.warnOnce(message);
}

/** The credentials profile a resource names (its `organizer` input), if any. */
function organizerOf(props: Props): string | undefined {
  const organizer = props.organizer;
  return typeof organizer === 'string' ? organizer : undefined;
}

/** A property by name, for the generic parts of the lifecycle and of a spec (which read their props typed otherwise). */
export function field(props: Props, name: string): unknown {
  return props[name];
}

function withoutProvider<T extends object>(props: T): T {
  const copy = { ...props };
  Reflect.deleteProperty(copy, '__provider');
  return copy;
}

/** Drops undefined values: the engine's encoding fails on them after the API call already succeeded. */
const plain = withoutUndefined;
