/**
 * One `pulumi up` converges under faults (bench/soak.ts at a modest size, deterministic seed): 5xx answers,
 * dropped connections, creates applied whose answer is lost, a consistency lag, and rate limiting: 15 s during which
 * every request is refused 429 (a co-tenant on the same token), then a burst of 429s. No duplicate, no orphan, a
 * clean preview after, nothing left after destroy.
 *
 * The 429 period outlasts the six attempts a call used to give a 429 (4.7 to 9.3 s of backoff): with 429s counted
 * against maxAttempts instead of waited out within RetryPolicy.rateLimitBudgetMs, this up fails.
 */
import { runSoak } from '../../bench/soak';

jest.setTimeout(300_000);

test('10 webhooks + 10 subscriptions under faults and 15 s of 429s: one up, 0 duplicates, 0 orphans, clean preview, empty after destroy', async () => {
  const figures = await runSoak({ webhooks: 10, seed: 11 });
  expect(figures).toMatchObject({ upsNeeded: 1, duplicates: 0, orphans: 0, previewAfter: [], leftAfterDestroy: 0 });
  // The faults did happen: this is not a run on a good day.
  expect(figures.failedCalls).toBeGreaterThan(3);
  // Calls were still refused past the point where six attempts would have given up.
  expect(figures.rateLimitedSeconds).toBeGreaterThan(10);
});
