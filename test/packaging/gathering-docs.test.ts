/**
 * The gathering times docs/configuration.md states are the code's (BATCH_TIMING, BURST_GAP_MS): each phrase of the
 * "How calls are gathered" paragraph is read back and compared, so a tuned time cannot leave the docs behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BURST_GAP_MS } from '../../provider/runtime/connection/gathering';
import { BATCH_TIMING } from '../../provider/runtime/connection/write-batches';
import { ROOT } from '../support/paths';

const doc = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
const paragraph = /\*\*How calls are gathered\.\*\*[\s\S]*?(?=\n- \*\*)/.exec(doc)?.[0] ?? '';

/** `10 ms` → 10, `1 s` → 1000, `3 s` → 3000. */
function ms(text: string): number {
  const m = /^([\d.]+)\s*(ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** The first capture of `re` in the paragraph, or a failure naming what is missing. */
function read(re: RegExp, what: string): string[] {
  const m = re.exec(paragraph);
  if (!m) throw new Error(`docs/configuration.md's gathering paragraph no longer says ${what} (${re})`);
  return m.slice(1);
}

const NUMBER = '([\\d.]+ m?s)';
const WORD: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

test('the paragraph is there', () => {
  expect(paragraph.length).toBeGreaterThan(200);
});

test.each([
  ['a lone call waits windowMs', new RegExp(`alone waits ${NUMBER} for company`), [BATCH_TIMING.windowMs]],
  ['a stream: calls less than streamGapMs apart', new RegExp(`calls less than ${NUMBER} apart are a stream`), [BATCH_TIMING.streamGapMs]],
  ['the pause: quietMs to streamGapMs', new RegExp(`typical gaps \\(${NUMBER} to ${NUMBER}\\)`), [BATCH_TIMING.quietMs, BATCH_TIMING.streamGapMs]],
  ['the hold: maxHoldMs to maxHoldCeilingMs', new RegExp(`at its rhythm \\(${NUMBER} to ${NUMBER}\\)`), [BATCH_TIMING.maxHoldMs, BATCH_TIMING.maxHoldCeilingMs]],
  ['a fan-out: BURST_GAP_MS apart, over burstQuietMs after', new RegExp(`less than ${NUMBER} apart are a\\s+fan-out[\\s\\S]*?over ${NUMBER} after`), [BURST_GAP_MS, BATCH_TIMING.burstQuietMs]],
  ['a straggler: within stragglerWindowMs, waits at most stragglerWaitMs', new RegExp(`less than ${NUMBER} after the\\s+last answer\\)[\\s\\S]*?at most ${NUMBER}`), [BATCH_TIMING.stragglerWindowMs, BATCH_TIMING.stragglerWaitMs]],
  ["a failure's hold: failureHoldMs", new RegExp(`one pause\\), at most ${NUMBER}`), [BATCH_TIMING.failureHoldMs]],
])('%s', (what, re, expected) => {
  expect(read(re, what).map(ms)).toEqual(expected);
});

test('the pause is quietGaps typical gaps', () => {
  const [word] = read(/pauses for (\w+) of its typical gaps/, 'how many gaps end a stream');
  expect(WORD[word!]).toBe(BATCH_TIMING.quietGaps);
});
