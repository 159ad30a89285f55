/**
 * How long a coalescer gathers a stream of calls, as pure functions of the rhythm the calls arrive at. The engine
 * starts a step, and so calls the plugin, once per checkpoint write, and a write costs in proportion to the state:
 * at 100 resources creates came 8 ms apart, at 2,000 resources with the long `__provider` a few hundred ms apart. A
 * fixed pause and hold tuned at one size cut the slow streams of big stacks into one-call requests (1,258 requests
 * for 1,000 webhooks). So the pause that ends a stream and the longest hold scale with the typical gap between
 * calls of the stream, between fixed floors (small stacks gather as before) and ceilings (no batch waits unboundedly).
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
}

/** Weight of the newest gap in the typical gap: a few calls are enough to follow a change of rhythm. */
const GAP_WEIGHT = 0.2;

/** The typical gap between calls of a stream after one more `gapMs` (an exponentially weighted mean). */
export function nextTypicalGap(typicalMs: number | undefined, gapMs: number): number {
  return typicalMs === undefined ? gapMs : typicalMs + GAP_WEIGHT * (gapMs - typicalMs);
}

/**
 * The pause that ends the stream and the longest hold of a batch, for a stream whose calls come `typicalGapMs`
 * apart and batches of at most `cap`: the pause is `quietGaps` gaps (from `quietMs` to `streamGapMs`); the hold is
 * the time a full batch takes to arrive at that rhythm (from `maxHoldMs` to `maxHoldCeilingMs`).
 */
export function gatheringTimes(typicalGapMs: number | undefined, cap: number, t: GatheringTiming): { quietMs: number; holdMs: number } {
  const gap = typicalGapMs ?? 0;
  return {
    quietMs: clamp(t.quietGaps * gap, t.quietMs, Math.max(t.quietMs, t.streamGapMs)),
    holdMs: clamp(cap * gap, t.maxHoldMs, Math.max(t.maxHoldMs, t.maxHoldCeilingMs)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
