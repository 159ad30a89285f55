/**
 * Turns many one-object calls of the same kind into few array requests: GoTo's write endpoints take lists, and its
 * rate limit (10 requests/s per token) is per request, not per object.
 *
 * How calls are gathered. The engine starts steps one after another, and before each it writes its checkpoint, so
 * calls reach the plugin as a stream, a few to tens of ms apart (measured at 100 webhooks: creates 8 ms, deletes
 * 26–46 ms apart, the gap growing with the size of the state), not at one instant; a fixed window alone would cut
 * them into many small batches. So:
 * - a call that comes alone (nothing of its kind pending or seen for `streamGapMs`) waits only `windowMs` (a few
 *   ms) for company and goes: a lone update costs about one round trip;
 * - except while the engine is still recording answers handed back to it (one checkpoint write each, see
 *   gathering.ts; the backlog is shared by the coalescers of a connection): a call that finds nothing of its kind
 *   pending or in flight then is a straggler of the burst behind those answers, and waits for it until the engine
 *   should be done and one pause more, at most `stragglerWaitMs`;
 * - a call that comes while others of its kind are pending or were just seen is part of a stream: the batch waits
 *   until the stream pauses, but never longer than a hold after its first call; both scale with the typical gap
 *   between the stream's calls (gathering.ts), so the slower the engine hands out steps, the longer a batch gathers.
 *   Each call of a stream sets when its batch goes, earlier than a straggler's wait too: once the burst a straggler
 *   waited for has come and paused, it goes. Calls less than a millisecond apart are a fan-out of our own (a create
 *   batch's activations), over once they pause at all (`burstQuietMs`);
 * - while a request of the kind is in flight (or waiting for the rate limiter, which is part of being in flight),
 *   new calls gather behind it; a full batch (`maxBatchSize`) goes at once, even while another is in flight.
 *
 * Per-item failure isolation: GoTo validates a batch as a whole, so one bad item refuses the whole request. A batch
 * refused for a reason an item can cause (see `isItemRefusal`) is halved and each half sent again, down to single
 * items: only the calls at fault fail, each with the error of its own request. A batch refused as a bad request
 * of which every half then succeeded was refused for its size (GoTo documents no limit): later batches are capped
 * at that half.
 */

import { afterAnswers, gatheringTimes, loneCallWait, nextTypicalGap, type Backlog, type GatheringTiming } from './gathering';

/** Per call: its result, or why it failed. */
export type ItemResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface CoalescerOptions<I, R> {
  /** Sends one request for `items`; returns one result per item, in the order of `items`. */
  send(items: I[]): Promise<ItemResult<R>[]>;
  /** Most items in one request; 1 sends every call alone. Checked once, by the settings (gotowebinar:maxBatchSize). */
  maxBatchSize: number;
  /** How long a call that comes alone waits for company. */
  windowMs: number;
  /** A stream has paused when no call of the kind came for this long (default: windowMs, i.e. no streams). */
  quietMs?: number;
  /** The longest a batch of a stream waits for more calls after its first (default: quietMs). */
  maxHoldMs?: number;
  /** Calls closer than this to the previous one belong to a stream (default: quietMs); the ceiling of the pause. */
  streamGapMs?: number;
  /**
   * A call that finds nothing of its kind pending or in flight while the engine is still recording answers, and less
   * than this after the last (default 0: never), is a straggler of the next burst, and waits for it rather than going
   * alone: until the engine should be done and one pause of the stream more, at most `stragglerWaitMs`.
   */
  stragglerWindowMs?: number;
  stragglerWaitMs?: number;
  /** What the engine still has to record of the answers handed back; shared by the coalescers of a connection. */
  backlog?: EngineBacklog;
  /** The pause that ends a stream, in typical gaps between its calls (default 0: always quietMs). */
  quietGaps?: number;
  /** The longest hold however slow the stream (default: maxHoldMs, i.e. the hold does not scale). */
  maxHoldCeilingMs?: number;
  /** The pause that ends a burst of calls fanned out by our own code (gathering.ts `BURST_GAP_MS`; default quietMs). */
  burstQuietMs?: number;
  /**
   * How long a failed call's error may be held back until its kind is quiet (nothing pending, in flight or arriving
   * for quietMs); default 0, at once. The engine starts no new step after the first error of an `up`, so an error
   * reported while the stream of calls is still coming would keep the resources behind it from being created at
   * all, though nothing is wrong with them.
   */
  failureHoldMs?: number;
  now?(): number;
  /**
   * Items with the same identity never share a request (their answers could not be told apart, or their order
   * matters, e.g. two updates of one webhook): the later one waits for the next request.
   */
  identity?(item: I): string;
  /** Whether a refusal of a whole request may be caused by one of its items, so that halving it finds the item. */
  isItemRefusal(error: unknown): boolean;
  /** Whether a refusal may mean "too many items" (then, if both halves succeed, later batches are capped). */
  mayBeSizeRefusal?(error: unknown): boolean;
  /** Hears when the batch size is lowered after a size refusal. */
  onCapLowered?(cap: number, refusedSize: number): void;
  /** Shared with other coalescers of the same endpoint, so a limit learned by one holds for all. */
  cap?: BatchCap;
}

/** The engine's writes still owed for answers handed back (gathering.ts), shared by the coalescers that feed it. */
export class EngineBacklog implements Backlog {
  busyUntil = Number.NEGATIVE_INFINITY;
  lastAnswerAt = Number.NEGATIVE_INFINITY;

  /** `count` calls were answered at `now`, out of a stream whose calls came `typicalGapMs` apart. */
  answered(count: number, typicalGapMs: number | undefined, now: number): void {
    Object.assign(this, afterAnswers(this, count, typicalGapMs, now));
  }
}

/** The largest batch to send now: maxBatchSize, lowered when the server refused a larger one. */
export class BatchCap {
  constructor(public value: number) {}
}

interface Pending<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** Windows above this would hold a lone call back noticeably against GoTo's ~100 ms round trip. */
export const MAX_WINDOW_MS = 50;

export class Coalescer<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  /** When the timer is due: a later due time replaces it only within the stream's hold. */
  private due = 0;
  private firstQueuedAt = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** The typical gap between calls of a stream, from the calls seen so far (undefined: no stream yet). */
  private typicalGapMs?: number;
  private readonly timing: GatheringTiming;
  private readonly backlog: EngineBacklog;
  private readonly limit: BatchCap;
  private readonly now: () => number;
  private readonly failureHoldMs: number;
  private held: { reject(error: unknown): void; error: unknown; since: number }[] = [];
  private heldTimer?: NodeJS.Timeout;

  constructor(private readonly options: CoalescerOptions<I, R>) {
    if (!(options.windowMs >= 0 && options.windowMs <= MAX_WINDOW_MS)) {
      throw new RangeError(`windowMs must be from 0 to ${MAX_WINDOW_MS}, got ${options.windowMs}`);
    }
    this.limit = options.cap ?? new BatchCap(options.maxBatchSize);
    this.now = options.now ?? Date.now;
    const quietMs = options.quietMs ?? options.windowMs;
    const maxHoldMs = Math.max(options.maxHoldMs ?? quietMs, quietMs);
    this.timing = {
      quietMs,
      maxHoldMs,
      streamGapMs: options.streamGapMs ?? quietMs,
      quietGaps: options.quietGaps ?? 0,
      maxHoldCeilingMs: options.maxHoldCeilingMs ?? maxHoldMs,
      burstQuietMs: options.burstQuietMs,
    };
    this.failureHoldMs = options.failureHoldMs ?? 0;
    this.backlog = options.backlog ?? new EngineBacklog();
  }

  /** The pause that ends the current stream and the longest hold of its batch, at the stream's rhythm. */
  private get gathering(): { quietMs: number; holdMs: number } {
    return gatheringTimes(this.typicalGapMs, this.cap, this.timing);
  }

  /** The largest batch this coalescer sends now (lowered after a batch was refused for its size). */
  private get cap(): number {
    return this.limit.value;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const now = this.now();
      const gap = now - this.lastArrival;
      const inStream = this.queue.length > 0 || gap < this.timing.streamGapMs;
      if (gap < this.timing.streamGapMs) this.typicalGapMs = nextTypicalGap(this.typicalGapMs, gap);
      const alone = this.queue.length === 0 && this.inFlight === 0;
      this.lastArrival = now;
      if (this.queue.length === 0) this.firstQueuedAt = now;
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.cap) return this.flush();
      const { quietMs, holdMs } = this.gathering;
      const loneWait = alone ? loneCallWait(now, this.backlog, quietMs, this.loneTiming) : this.options.windowMs;
      // Each call sets when the batch goes (a stream's pause after it, or a lone call's wait), later or earlier.
      const due =
        loneWait > this.options.windowMs || !inStream ? now + loneWait : Math.min(now + quietMs, this.firstQueuedAt + holdMs);
      this.setTimer(due);
    });
  }

  private get loneTiming() {
    return {
      windowMs: this.options.windowMs,
      stragglerWindowMs: this.options.stragglerWindowMs ?? 0,
      stragglerWaitMs: this.options.stragglerWaitMs ?? 0,
    };
  }

  private setTimer(due: number): void {
    if (this.timer && due === this.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Gathering behind a request in flight: it flushes when it ends.
      if (this.inFlight === 0) this.flush();
    }, Math.max(0, due - this.now()));
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        // What gathered meanwhile goes now, unless its stream is still running (its timer is set).
        if (this.inFlight === 0 && !this.timer) this.flush();
      });
      // Beyond one request, only full batches go at once; the rest gather behind the one in flight.
      if (this.queue.length < this.cap) break;
    }
    if (this.queue.length > 0) this.firstQueuedAt = this.now();
  }

  /** Up to `cap` pending calls, oldest first, at most one per identity. */
  private take(): Pending<I, R>[] {
    const { identity } = this.options;
    const batch: Pending<I, R>[] = [];
    const seen = new Set<string>();
    const rest: Pending<I, R>[] = [];
    for (const p of this.queue) {
      const id = identity?.(p.item);
      if (batch.length >= this.cap || (id !== undefined && seen.has(id))) {
        rest.push(p);
        continue;
      }
      if (id !== undefined) seen.add(id);
      batch.push(p);
    }
    this.queue = rest;
    return batch;
  }

  /** Sends `batch`; on a refusal an item may have caused, halves it. Resolves whether the whole batch succeeded. */
  private async run(batch: Pending<I, R>[]): Promise<boolean> {
    let results: ItemResult<R>[];
    try {
      results = await this.options.send(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length > 1 && this.options.isItemRefusal(error)) {
        return this.split(batch, this.options.mayBeSizeRefusal?.(error) ?? false);
      }
      this.answered(batch.length);
      for (const p of batch) this.fail(p, error);
      return false;
    }
    this.answered(batch.length);
    batch.forEach((p, i) => {
      const r = results[i];
      if (r?.ok) p.resolve(r.value);
      else this.fail(p, r ? r.error : new Error('coalescer: the sender returned fewer results than items'));
    });
    return results.every((r) => r.ok);
  }

  /**
   * The engine records these answers, a checkpoint write each, at about the rhythm it handed the calls out. Noted
   * before the callers hear them, so that what they do next (an activation) knows it is no straggler.
   */
  private answered(count: number): void {
    this.backlog.answered(count, this.typicalGapMs, this.now());
  }

  /** Rejects the call once its kind is quiet, or after failureHoldMs at the latest. */
  private fail(p: Pending<I, R>, error: unknown): void {
    if (this.failureHoldMs <= 0) return p.reject(error);
    this.held.push({ reject: p.reject, error, since: this.now() });
    this.heldTimer ??= setTimeout(() => this.releaseHeld(), this.gathering.quietMs);
  }

  private releaseHeld(): void {
    this.heldTimer = undefined;
    const now = this.now();
    const { quietMs } = this.gathering;
    const quiet = this.queue.length === 0 && this.inFlight === 0 && now - this.lastArrival >= quietMs;
    const due = this.held.filter((h) => quiet || now - h.since >= this.failureHoldMs);
    this.held = this.held.filter((h) => !due.includes(h));
    for (const h of due) h.reject(h.error);
    if (this.held.length > 0) this.heldTimer = setTimeout(() => this.releaseHeld(), quietMs);
  }

  private async split(batch: Pending<I, R>[], mayBeSize: boolean): Promise<boolean> {
    const half = Math.ceil(batch.length / 2);
    const [a, b] = await Promise.all([this.run(batch.slice(0, half)), this.run(batch.slice(half))]);
    if (mayBeSize && a && b && half < this.cap) {
      this.limit.value = half;
      this.options.onCapLowered?.(half, batch.length);
    }
    return a && b;
  }
}
