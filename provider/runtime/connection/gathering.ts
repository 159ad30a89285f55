/**
 * How long a coalescer gathers a stream of calls, as pure functions of the rhythm the calls arrive at. The engine
 * starts a step, and so calls the plugin, once per checkpoint write, and a write costs in proportion to the state:
 * at 100 resources creates came 8 ms apart, at 2,000 resources with the long `__provider` a few hundred ms apart. A
 * fixed pause and hold tuned at one size cut the slow streams of big stacks into one-call requests (1,258 requests
 * for 1,000 webhooks). So the pause that ends a stream and the longest hold scale with the typical gap between
 * calls of the stream, between fixed floors (small stacks gather as before) and ceilings (no batch waits unboundedly).
 *
 * A wait costs nothing while the engine has checkpoints to write anyway, and costs all of it while the engine waits
 * for us. The engine writes one checkpoint per answer we hand back (the step's end), one at a time, before the steps
 * that waited on those results can start; so after a batch's answers it is busy for about as many writes as the batch
 * had calls (`EngineBacklog`), and a lone call in that time is a straggler of the burst that follows, which may wait
 * for it. Past that, waiting is what the engine pays: a lone call goes at once.
 */

export interface GatheringTiming {
  /** The pause that ends a stream, at least: several gaps of a fast stream. */
  quietMs: number;
  /** The longest a batch waits for more calls after its first, at least. */
  maxHoldMs: number;
  /** Calls closer than this to the previous one belong to a stream; also the ceiling of the pause. */
  streamGapMs: number;
  /** The pause that ends a stream, in typical gaps. */
  quietGaps: number;
  /** The ceiling of the hold, however slow the stream. */
  maxHoldCeilingMs: number;
  /** The pause that ends a burst (calls less than `BURST_GAP_MS` apart); default quietMs. */
  burstQuietMs?: number;
}

/**
 * Calls closer than this on average were fanned out by our own code in one go (a create batch's activations, one per
 * webhook, as its answer arrives), not handed out by the engine, which writes a checkpoint (milliseconds at least)
 * before each step it starts. Such a burst is over as soon as it pauses at all.
 */
export const BURST_GAP_MS = 1;

/** Weight of the newest gap in the typical gap: a few calls are enough to follow a change of rhythm. */
const GAP_WEIGHT = 0.2;

/** The typical gap between calls of a stream after one more `gapMs` (an exponentially weighted mean). */
export function nextTypicalGap(typicalMs: number | undefined, gapMs: number): number {
  return typicalMs === undefined ? gapMs : typicalMs + GAP_WEIGHT * (gapMs - typicalMs);
}

/**
 * The pause that ends the stream and the longest hold of a batch, for a stream whose calls come `typicalGapMs`
 * apart and batches of at most `cap`: the pause is `quietGaps` gaps (from `quietMs` to `streamGapMs`); the hold is
 * the time a full batch takes to arrive at that rhythm (from `maxHoldMs` to `maxHoldCeilingMs`). A burst of our own
 * (`BURST_GAP_MS`) is over after `burstQuietMs`.
 */
export function gatheringTimes(typicalGapMs: number | undefined, cap: number, t: GatheringTiming): { quietMs: number; holdMs: number } {
  const gap = typicalGapMs ?? 0;
  const burst = typicalGapMs !== undefined && typicalGapMs < BURST_GAP_MS && t.burstQuietMs !== undefined;
  return {
    quietMs: burst ? t.burstQuietMs! : clamp(t.quietGaps * gap, t.quietMs, Math.max(t.quietMs, t.streamGapMs)),
    holdMs: clamp(cap * gap, t.maxHoldMs, Math.max(t.maxHoldMs, t.maxHoldCeilingMs)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The writes the engine still owes for the answers handed back to it, as far as the calls' rhythm tells. */
export interface Backlog {
  /** When the engine should have recorded every answer handed back so far. */
  busyUntil: number;
  /** When the last answer was handed back. */
  lastAnswerAt: number;
}

/**
 * The backlog after `count` more answers at `now`, each costing the engine one checkpoint write of about the typical
 * gap between the calls it hands out (one write per step started), after whatever it still owed.
 */
export function afterAnswers(backlog: Backlog, count: number, typicalGapMs: number | undefined, now: number): Backlog {
  return { busyUntil: Math.max(backlog.busyUntil, now) + count * (typicalGapMs ?? 0), lastAnswerAt: now };
}

export interface LoneCallTiming {
  /** How long a lone call waits for company when the engine is not busy with our answers. */
  windowMs: number;
  /** How long after an answer a lone call may still be a straggler. */
  stragglerWindowMs: number;
  /** The longest a straggler waits for the burst behind it. */
  stragglerWaitMs: number;
}

/**
 * How long a call that finds nothing of its kind pending or in flight waits: while the engine is still recording
 * answers (a straggler: the burst it belongs to comes as the engine gets through them), until the engine should be
 * done and one pause of the stream more, within `windowMs` and `stragglerWaitMs`; otherwise `windowMs`. A call
 * within `windowMs` of the last answer is no straggler: the engine cannot have recorded an answer and started
 * another step in that time, so it is our own code going on from that answer (a create's activation).
 */
export function loneCallWait(now: number, backlog: Backlog, quietMs: number, t: LoneCallTiming): number {
  const sinceAnswer = now - backlog.lastAnswerAt;
  const straggler = now < backlog.busyUntil && sinceAnswer >= t.windowMs && sinceAnswer < t.stragglerWindowMs;
  return straggler ? clamp(backlog.busyUntil + quietMs - now, t.windowMs, Math.max(t.windowMs, t.stragglerWaitMs)) : t.windowMs;
}
