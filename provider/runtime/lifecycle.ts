/**
 * The one lifecycle shared by the three resources. A ResourceSpec says what is particular to a resource (its
 * schema, how to read, create, update and delete it); this file turns it into the dynamic-provider methods with the
 * behaviour every resource must have:
 *
 * - check validates and fills defaults, without touching the API;
 * - diff compares the desired inputs with the LIVE object, so changes made in the GoTo console show in a plain
 *   `pulumi preview` (with a warning saying what drifted: drift-report.ts), and an object deleted outside Pulumi
 *   shows as a replacement;
 * - read returns the live object and the inputs that describe it (an empty id when it is gone);
 * - delete of something already gone succeeds;
 * - a create that half-succeeds throws an error carrying the id, so the engine records the resource and the next
 *   `up` finishes the job instead of creating a duplicate.
 *
 * Outputs are plain JSON: undefined values are dropped (the engine cannot encode them).
 */
import { GoToClient } from '../api/client';
import { GoToApiError, GoToConfigError, isNotFound } from '../api/errors';
import { warn } from './engine-log';
import { reportDrift, reportGone } from './drift-report';
import { LiveSnapshot, SnapshotSource } from './live-snapshot';
import { withTimeout } from './with-timeout';
import type { Settings } from './settings';
import { checkAgainst, CheckFailure, isUnknown, Schema } from './validate';

export type Props = Record<string, unknown>;

export interface Context {
  /** A client for the resource's credentials (its `organizer` input, or the default account). */
  client(organizer?: string): GoToClient;
  /**
   * A snapshot reader shared by all reads of one kind with the same credentials in this process (see
   * live-snapshot.ts), made on first use from `source`.
   */
  snapshot<T>(kind: string, organizer: string | undefined, source: (client: GoToClient) => SnapshotSource<T>): LiveSnapshot<T>;
  /** Forget the snapshots of this resource kind (after one of its writes). */
  invalidate(): void;
}

export interface ResourceSpec<Live> {
  /** For messages: "Webhook". */
  kind: string;
  schema: Schema;
  /** Inputs whose change means a new object (GoTo cannot change them in place). */
  replaceOn: string[];
  /**
   * Whether a replacement deletes the old object before creating the new one. Each spec says why it chose; the
   * engine's default (false) creates the new one first.
   */
  deleteBeforeReplace: boolean;
  /** The input that names an existing object to adopt instead of creating one (e.g. `webhookKey`). */
  adoptKey?: string;
  /** Whether an input differs from the old outputs; default: strict inequality, and unknown counts as a change. */
  inputChanged?(property: string, olds: Props, news: Props): boolean;
  /**
   * The live object, or undefined when GoTo no longer has it. Absent for objects GoTo cannot read back. `fresh`:
   * read this object now (before an update); otherwise a shared snapshot of recent reads may answer (diff, refresh).
   */
  readLive?(ctx: Context, id: string, props: Props, fresh: boolean): Promise<Live | undefined>;
  /** Inputs that GoTo can change in place and that differ between desired inputs and the live object. */
  drift?(news: Props, live: Live): string[];
  /** Objects that cannot be updated in place whatever the input (e.g. live shows another webhook). */
  liveReplaces?(news: Props, live: Live): string[];
  create(ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** Bring the live object to `news`. `live` is undefined for objects GoTo cannot read back. */
  update(ctx: Context, id: string, olds: Props, news: Props, live: Live | undefined): Promise<Props>;
  delete(ctx: Context, id: string, props: Props): Promise<void>;
  /** Outputs and inputs describing a live object, for refresh. */
  describeLive?(live: Live, props: Props): { outs: Props; inputs: Props };
  /** Inputs to report on refresh for objects GoTo cannot read (their stored outputs are the truth). */
  inputsFromOutputs?(props: Props): Props;
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

export interface DynamicMethods {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

export function lifecycle<Live>(spec: ResourceSpec<Live>, settings: () => Promise<Settings>): DynamicMethods {
  // Snapshots live as long as the settings they were made with (a new `configure` starts afresh).
  const snapshots = new WeakMap<Settings, Map<string, LiveSnapshot<unknown>>>();
  const context = async (): Promise<Context> => {
    const s = await settings();
    const client = (organizer?: string) => new GoToClient({ ...s.connection(organizer), onProgress: progress });
    if (!snapshots.has(s)) snapshots.set(s, new Map());
    const mine = snapshots.get(s)!;
    return {
      client,
      // Our own writes make this kind's snapshots stale (each lifecycle keeps its own map).
      invalidate: () => mine.clear(),
      snapshot<T>(kind: string, organizer: string | undefined, source: (c: GoToClient) => SnapshotSource<T>) {
        const key = JSON.stringify([kind, organizer ?? null]);
        let snap = mine.get(key) as LiveSnapshot<T> | undefined;
        if (!snap) {
          snap = new LiveSnapshot(source(client(organizer)), s.readSnapshotMs());
          mine.set(key, snap as LiveSnapshot<unknown>);
        }
        return snap;
      },
    };
  };
  const changed = (p: string, olds: Props, news: Props) =>
    spec.inputChanged ? spec.inputChanged(p, olds, news) : isUnknown(news[p]) || olds[p] !== news[p];

  return {
    async check(_olds, news) {
      return checkAgainst(spec.schema, news);
    },

    async diff(id, olds, news) {
      const replaces = spec.replaceOn.filter((p) => changed(p, olds, news));
      const adopt = spec.adoptKey ? news[spec.adoptKey] : undefined;
      if (adopt !== undefined && adopt !== id) replaces.push(spec.adoptKey!);
      const dbr = spec.deleteBeforeReplace;
      if (replaces.length > 0) return { changes: true, replaces, deleteBeforeReplace: dbr };

      // Inputs that only live in state (organizer of a webhook, …) and inputs GoTo can change.
      const inputChanges = Object.keys(spec.schema).filter((p) => p !== spec.adoptKey && changed(p, olds, news));
      if (!spec.readLive) return { changes: inputChanges.length > 0, replaces: [], deleteBeforeReplace: false };

      const s = await settings();
      if (!s.liveDiff()) {
        await warnStateOnlyOnce();
        return { changes: inputChanges.length > 0, replaces: [], deleteBeforeReplace: false };
      }
      const ctx = await context();
      const what = `${spec.kind} ${id}`;
      const live = await readForDiff(() => spec.readLive!(ctx, id, olds, false), what, s.diffTimeoutMs());
      if (live === undefined) {
        // Deleted outside Pulumi: replacing recreates it (the delete of the old id then finds nothing, which is fine).
        await reportGone(what);
        return { changes: true, replaces: [spec.adoptKey ?? 'id'], deleteBeforeReplace: dbr };
      }
      const driftOf = (properties: string[]) =>
        properties.map((p) => ({ property: p, live: (live as Props)[p], declared: news[p] }));
      const liveReplaces = spec.liveReplaces?.(news, live) ?? [];
      if (liveReplaces.length > 0) {
        await reportDrift(what, driftOf(liveReplaces), 'GoTo cannot change that in place: `pulumi up` replaces it.');
        return { changes: true, replaces: liveReplaces, deleteBeforeReplace: dbr };
      }
      const drift = spec.drift?.(news, live) ?? [];
      await reportDrift(what, driftOf(drift), '`pulumi up` brings it back to the declared value.');
      return { changes: drift.length > 0 || inputChanges.length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs) {
      const ctx = await context();
      try {
        const { id, outs } = await spec.create(ctx, withoutProvider(inputs));
        return { id, outs: plain(outs) };
      } catch (err) {
        if (!(err instanceof PartialCreateError)) throw err;
        // The engine records the resource with these properties; the next `up` diffs and updates it.
        const failure = new Error(
          `${spec.kind} ${err.id} was created but could not be finished: ${err.message} ` +
            'It is recorded in the stack; run `pulumi up` again to finish it.',
        ) as Error & { id: string; properties: Props; reasons: string[] };
        failure.id = err.id;
        failure.properties = plain({ ...inputs, ...err.outs });
        // The engine shows the reasons, not the message: give it the whole story.
        failure.reasons = [failure.message];
        throw failure;
      } finally {
        ctx.invalidate();
      }
    },

    async read(id, props) {
      if (!spec.readLive || !spec.describeLive) {
        const inputs = spec.inputsFromOutputs ? spec.inputsFromOutputs(props) : {};
        return { id, props: plain(withoutProvider(props)), inputs: plain(inputs) };
      }
      const ctx = await context();
      const live = await spec.readLive(ctx, id, props, false);
      if (live === undefined) return { id: '', props: {} };
      const { outs, inputs } = spec.describeLive(live, props);
      return { id, props: plain(outs), inputs: plain(inputs) };
    },

    async update(id, olds, news) {
      const ctx = await context();
      const desired = withoutProvider(news);
      let live: Live | undefined;
      if (spec.readLive) {
        live = await spec.readLive(ctx, id, olds, true);
        if (live === undefined) {
          throw new Error(
            `${spec.kind} ${id} no longer exists at GoTo (deleted outside Pulumi). Run \`pulumi up\` again: the ` +
              'preview will show it as a replacement and recreate it.',
          );
        }
      }
      try {
        return { outs: plain(await spec.update(ctx, id, olds, desired, live)) };
      } finally {
        ctx.invalidate();
      }
    },

    async delete(id, props) {
      const ctx = await context();
      try {
        await spec.delete(ctx, id, props);
      } catch (err) {
        if (!isNotFound(err)) throw err; // already gone: the goal of a delete is met
      } finally {
        ctx.invalidate();
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
      throw new GoToApiError(
        `Could not read ${what} from GoTo within ${timeoutMs / 1000} s to check it for drift (GoTo unreachable or ` +
          `failing). Retry later, raise gotowebinar:diffTimeoutSeconds, or ${AVOID_LIVE_READS}.`,
        { code: 'ERR_GOTO_NETWORK', operation: 'diff' },
      );
    });
  } catch (err) {
    if (err instanceof GoToConfigError) {
      throw new GoToConfigError(`${err.message} To check for drift, diff reads GoTo; or ${AVOID_LIVE_READS}.`, err.setting);
    }
    throw err;
  }
}

let warnedStateOnly = false;

/** Said once per plugin process: every resource's diff would say the same. */
async function warnStateOnlyOnce(): Promise<void> {
  if (warnedStateOnly) return;
  warnedStateOnly = true;
  await warn('gotowebinar: liveDiff is false: this preview compares the program with the stack state only; drift at GoTo was NOT checked.');
}

/** The credentials profile a resource names (its `organizer` input), if any. */
export function organizerOf(props: Props): string | undefined {
  return typeof props.organizer === 'string' ? props.organizer : undefined;
}

function progress(message: string): void {
  // The plugin's stderr is what the engine shows for a dynamic provider; the message is already scrubbed.
  process.stderr.write(`gotowebinar: ${message}\n`);
}

function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/** Drops undefined values: the engine's encoding fails on them after the API call already succeeded. */
export function plain(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
