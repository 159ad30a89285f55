/**
 * The gathering times as pure functions of a stream's rhythm (provider/runtime/connection/gathering.ts), with the
 * provider's own BATCH_TIMING: a fast stream gathers as it always did, a slow one waits longer, within the ceilings.
 */
import { gatheringTimes, nextTypicalGap } from '../../provider/runtime/connection/gathering';
import { BATCH_TIMING } from '../../provider/runtime/connection/write-batches';

const at = (gapMs: number | undefined, cap = 100) => gatheringTimes(gapMs, cap, BATCH_TIMING);

test('a fast stream (8 ms apart, 100 webhooks) is calls within 1 s, pauses 150 ms and holds 2 s, as measured at that size', () => {
  expect(at(8)).toEqual({ streamGapMs: 1000, quietMs: 150, holdMs: 2000 });
  expect(at(undefined)).toEqual({ streamGapMs: 1000, quietMs: 150, holdMs: 2000 });
});

test('a slow stream spans ten of its gaps, waits three of them, and holds as long as a full batch takes to arrive', () => {
  expect(at(200)).toEqual({ streamGapMs: 2000, quietMs: 600, holdMs: 10_000 });
  expect(at(60)).toEqual({ streamGapMs: 1000, quietMs: 180, holdMs: 6000 });
  expect(at(60, 10)).toEqual({ streamGapMs: 1000, quietMs: 180, holdMs: 2000 }); // a lowered cap fills sooner
});

test('however slow the stream, each time stays within its ceiling', () => {
  expect(at(900)).toEqual({ streamGapMs: BATCH_TIMING.streamGapCeilingMs, quietMs: 2700, holdMs: BATCH_TIMING.maxHoldCeilingMs });
  expect(at(5000).quietMs).toBe(BATCH_TIMING.streamGapCeilingMs);
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
