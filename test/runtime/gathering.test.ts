/**
 * The gathering times as pure functions of a stream's rhythm (provider/runtime/connection/gathering.ts), with the
 * provider's own BATCH_TIMING: a fast stream gathers as it always did, a slow one waits longer, within the ceilings;
 * a lone call waits for company only while the engine is still recording the answers handed back to it.
 */
import { afterAnswers, gatheringTimes, loneCallWait, nextTypicalGap } from '../../provider/runtime/connection/gathering';
import { BATCH_TIMING } from '../../provider/runtime/connection/write-batches';

const at = (gapMs: number | undefined, cap = 100) => gatheringTimes(gapMs, cap, BATCH_TIMING);

test('a fast stream (8 ms apart, 100 webhooks) pauses 150 ms and holds 2 s, as measured at that size', () => {
  expect(at(8)).toEqual({ quietMs: 150, holdMs: 2000 });
  expect(at(undefined)).toEqual({ quietMs: 150, holdMs: 2000 });
});

test('a slow stream waits three of its gaps and as long as a full batch takes to arrive', () => {
  expect(at(200)).toEqual({ quietMs: 600, holdMs: 10_000 });
  expect(at(60)).toEqual({ quietMs: 180, holdMs: 6000 });
  expect(at(60, 10)).toEqual({ quietMs: 180, holdMs: 2000 }); // a lowered cap fills sooner
});

test("a burst of our own (calls less than 1 ms apart: a batch's activations) is over 20 ms after its last call", () => {
  expect(at(0)).toEqual({ quietMs: BATCH_TIMING.burstQuietMs, holdMs: 2000 });
  expect(at(0.5).quietMs).toBe(20);
  expect(at(1).quietMs).toBe(150); // the engine's own streams are a checkpoint write apart at least
});

test('however slow the stream, the pause stays within the stream gap and the hold within its ceiling', () => {
  expect(at(900)).toEqual({ quietMs: BATCH_TIMING.streamGapMs, holdMs: BATCH_TIMING.maxHoldCeilingMs });
});

test('the typical gap follows a change of rhythm within a few calls and is not thrown by one outlier', () => {
  let typical: number | undefined;
  for (let i = 0; i < 20; i++) typical = nextTypicalGap(typical, 10);
  expect(typical).toBeCloseTo(10);
  typical = nextTypicalGap(typical, 900); // one pause while the engine writes results
  expect(typical).toBeLessThan(200);
  for (let i = 0; i < 10; i++) typical = nextTypicalGap(typical, 200);
  expect(typical).toBeGreaterThan(150);
});

test('the engine owes one write per answer, at the rhythm it handed the calls out, after what it still owed', () => {
  const nothing = { busyUntil: Number.NEGATIVE_INFINITY, lastAnswerAt: Number.NEGATIVE_INFINITY };
  const hundred = afterAnswers(nothing, 100, 30, 1000); // a batch of 100 from a stream 30 ms apart, answered at 1 s
  expect(hundred).toEqual({ busyUntil: 4000, lastAnswerAt: 1000 });
  expect(afterAnswers(hundred, 50, 30, 2000)).toEqual({ busyUntil: 5500, lastAnswerAt: 2000 }); // queued behind them
  expect(afterAnswers(hundred, 10, 30, 9000)).toEqual({ busyUntil: 9300, lastAnswerAt: 9000 }); // long done
  // Calls handed out at one instant tell nothing of the engine's writes: nothing is owed.
  expect(afterAnswers(nothing, 6, undefined, 1000).busyUntil).toBe(1000);
});

test('a lone call waits for its burst only while the engine records answers: until it should be done and one pause more', () => {
  const busy = { busyUntil: 4000, lastAnswerAt: 1000 };
  const wait = (now: number, backlog = busy) => loneCallWait(now, backlog, 150, BATCH_TIMING);
  expect(wait(2000)).toBe(2150); // a straggler: until 4,150
  expect(wait(3990)).toBe(160);
  // Within the window of the answer: our own code going on from it (an activation), not the engine's next step.
  expect(wait(1005)).toBe(BATCH_TIMING.windowMs);
  expect(wait(1500, { busyUntil: 20_000, lastAnswerAt: 1000 })).toBe(BATCH_TIMING.stragglerWaitMs); // at most 3 s
  // Past the backlog, or long after the last answer, waiting is what the engine would pay: the window only.
  expect(wait(4001)).toBe(BATCH_TIMING.windowMs);
  expect(wait(12_000, { busyUntil: 30_000, lastAnswerAt: 1000 })).toBe(BATCH_TIMING.windowMs);
  expect(wait(2000, { busyUntil: Number.NEGATIVE_INFINITY, lastAnswerAt: Number.NEGATIVE_INFINITY })).toBe(BATCH_TIMING.windowMs);
});
