/**
 * The gathering times as pure functions of a stream's rhythm (provider/runtime/connection/gathering.ts), with the
 * provider's own BATCH_TIMING: a fast stream gathers as it always did, a slow one waits longer, within the ceilings.
 */
import { gatheringTimes, nextTypicalGap } from '../../provider/runtime/connection/gathering';
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
