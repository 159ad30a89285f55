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
 * - except right after a request of several items: the engine then pauses while it records their results, and a
 *   call in that time is a straggler of its next burst, so it waits `stragglerWaitMs` for the burst;
 * - a call that comes while others of its kind are pending or were just seen is part of a stream: the batch waits
 *   until the stream pauses, but never longer than a hold after its first call; both scale with the typical gap
 *   between the stream's calls (gathering.ts), so the slower the engine hands out steps, the longer a batch gathers;
 * - while a request of the kind is in flight (or waiting for the rate limiter, which is part of being in flight),
 *   new calls gather behind it; a full batch (`maxBatchSize`) goes at once, even while another is in flight.
 *
 * Per-item failure isolation: GoTo validates a batch as a whole, so one bad item refuses the whole request. A batch
 * refused for a reason an item can cause (see `isItemRefusal`) is halved and each half sent again, down to single
 * items: only the calls at fault fail, each with the error of its own request. A batch refused as a bad request
 * of which every half then succeeded was refused for its size (GoTo documents no limit): later batches are capped
 * at that half.
 */

import { gatheringTimes, nextTypicalGap, type GatheringTiming } from './gathering';
// TEMP-TRACE
const TRACE_FILE = process.env.GOTOWEBINAR_TRACE_COALESCING;
function trace(line: string): void {
  if (TRACE_FILE) require('node:fs').appendFileSync(TRACE_FILE, `${Date.now()} ${process.pid} ${line}\n`);
}

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
   * A call that finds nothing pending less than this after a request of several items (default 0: never) is a
   * straggler of the next burst, and waits `stragglerWaitMs` for it rather than going alone.
   */
  stragglerWindowMs?: number;
  stragglerWaitMs?: number;
  /** The pause that ends a stream, in typical gaps between its calls (default 0: always quietMs). */
  quietGaps?: number;
  /** The longest hold however slow the stream (default: maxHoldMs, i.e. the hold does not scale). */
  maxHoldCeilingMs?: number;
  /**
   * How long a failed call's error may be held back until its kind is quiet (nothing pending, in flight or arriving
   * for quietMs); default 0, at once. The engine starts no new step after the first error of an `up`, so an error
   * reported while the stream of calls is still coming would keep the resources behind it from being created at
   * all, though nothing is wrong with them.
   */
  failureHoldMs?: number;
  now?(): number;
  name?: string;
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
  /** When the last request of several items left (a stream's batch). */
  private lastBatchAt = Number.NEGATIVE_INFINITY;
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
    };
    this.failureHoldMs = options.failureHoldMs ?? 0;
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
    trace(`submit ${this.options.name ?? '?'} q=${this.queue.length} inflight=${this.inFlight}`);
    return new Promise<R>((resolve, reject) => {
      const now = this.now();
      const gap = now - this.lastArrival;
      const inStream = this.queue.length > 0 || gap < this.timing.streamGapMs;
      if (gap < this.timing.streamGapMs) this.typicalGapMs = nextTypicalGap(this.typicalGapMs, gap);
      const straggler = this.queue.length === 0 && now - this.lastBatchAt < (this.options.stragglerWindowMs ?? 0);
      this.lastArrival = now;
      if (this.queue.length === 0) this.firstQueuedAt = now;
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.cap) return this.flush();
      const { quietMs, holdMs } = this.gathering;
      const due = straggler
        ? now + (this.options.stragglerWaitMs ?? 0)
        : inStream
          ? Math.min(now + quietMs, this.firstQueuedAt + holdMs)
          : now + this.options.windowMs;
      this.setTimer(Math.max(due, this.timer ? this.due : 0));
    });
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
      if (batch.length > 1) this.lastBatchAt = this.now();
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
    trace(`send ${this.options.name ?? '?'} n=${batch.length}`);
    try {
      results = await this.options.send(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length > 1 && this.options.isItemRefusal(error)) {
        return this.split(batch, this.options.mayBeSizeRefusal?.(error) ?? false);
      }
      for (const p of batch) this.fail(p, error);
      return false;
    }
    trace(`done ${this.options.name ?? '?'} n=${batch.length}`);
    batch.forEach((p, i) => {
      const r = results[i];
      if (r?.ok) p.resolve(r.value);
      else this.fail(p, r ? r.error : new Error('coalescer: the sender returned fewer results than items'));
    });
    return results.every((r) => r.ok);
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
