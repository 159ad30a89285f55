/**
 * createOnce (provider/runtime/create-once.ts) with an injected clock and sleep: a lost create is looked for
 * through GoTo's consistency window, found → kept (extras from several applied attempts deleted), not found →
 * created again, a bounded number of times; a failure that cannot have been applied is thrown at once.
 */
import { GoToApiError } from '../../provider/api/errors';
import { byCreateTime, createdSince, createOnce, DEFAULT_CREATE_ATTEMPTS } from '../../provider/runtime/create-once';

const lost = () => new GoToApiError('answer lost', { code: 'ERR_GOTO_NETWORK', operation: 'createWebhooks', mayHaveSucceeded: true });
const refused = () => new GoToApiError('400', { code: 'ERR_GOTO_INVALID_ARGUMENT', operation: 'createWebhooks', status: 400 });

/** A fake GoTo: `outcomes` say, per create call, whether it answers, is applied silently, or is not applied. */
function world(outcomes: Array<'ok' | 'applied-lost' | 'not-applied' | 'refused'>, visibleAfterMs: number | number[] = 0) {
  let clock = 1_000_000;
  const objects: Array<{ key: string; createTime: string; visibleAt: number }> = [];
  const calls = { create: 0, find: 0, removed: [] as string[] };
  const op = {
    create: async () => {
      const outcome = outcomes[calls.create++] ?? 'ok';
      if (outcome === 'refused') throw refused();
      if (outcome === 'not-applied') throw lost();
      const lag = Array.isArray(visibleAfterMs) ? visibleAfterMs[calls.create - 1] ?? 0 : visibleAfterMs;
      const obj = { key: `k${calls.create}`, createTime: new Date(clock).toISOString(), visibleAt: clock + lag };
      objects.push(obj);
      if (outcome === 'applied-lost') throw lost();
      return obj;
    },
    findMatches: async (since: number) => {
      calls.find++;
      return objects.filter((o) => o.visibleAt <= clock && Date.parse(o.createTime) >= since);
    },
    remove: async (extra: Array<{ key: string }>) => {
      calls.removed.push(...extra.map((e) => e.key));
      for (const e of extra) objects.splice(objects.findIndex((o) => o.key === e.key), 1);
    },
    windowMs: 5000,
    sleep: async (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { op, calls, objects, elapsed: () => clock - 1_000_000 };
}

test('an answered create is returned as is: one call, no lookup', async () => {
  const w = world(['ok']);
  expect(await createOnce(w.op)).toMatchObject({ key: 'k1' });
  expect(w.calls).toEqual({ create: 1, find: 0, removed: [] });
});

test('a refusal (cannot have been applied) is thrown at once, with no lookup', async () => {
  const w = world(['refused']);
  await expect(createOnce(w.op)).rejects.toThrow('400');
  expect(w.calls.find).toBe(0);
});

test('applied but the answer lost, and invisible for 1.5 s: found within the window, not created again', async () => {
  const w = world(['applied-lost'], 1500);
  expect(await createOnce(w.op)).toMatchObject({ key: 'k1' });
  expect(w.calls.create).toBe(1);
  expect(w.objects).toHaveLength(1);
  expect(w.elapsed()).toBeGreaterThanOrEqual(1500);
  expect(w.elapsed()).toBeLessThan(5000);
});

test('not applied: after the window, created again, and the same call succeeds', async () => {
  const w = world(['not-applied', 'ok']);
  expect(await createOnce(w.op)).toMatchObject({ key: 'k2' });
  expect(w.calls.create).toBe(2);
  expect(w.elapsed()).toBeGreaterThanOrEqual(5000);
  expect(w.objects).toHaveLength(1);
});

test('two attempts both applied (the first seen only after the window): one kept, the other deleted', async () => {
  // The first becomes visible after 9.5 s, past the 5 s window; the second (made at 5 s) after 4 s: one list shows both.
  const w = world(['applied-lost', 'applied-lost'], [9500, 4000]);
  const kept = await createOnce(w.op);
  expect(w.objects).toEqual([kept]);
  expect(w.calls.removed).toHaveLength(1);
});

test('bounded: lost creates never seen → the last error, after the last attempt', async () => {
  const w = world(['not-applied', 'not-applied', 'not-applied', 'ok']);
  await expect(createOnce({ ...w.op, attempts: 3 })).rejects.toThrow('answer lost');
  expect(w.calls.create).toBe(3);
  expect(w.objects).toEqual([]);
});

test(`by default ${DEFAULT_CREATE_ATTEMPTS} attempts`, async () => {
  const w = world(Array(DEFAULT_CREATE_ATTEMPTS).fill('not-applied'));
  await expect(createOnce(w.op)).rejects.toThrow('answer lost');
  expect(w.calls.create).toBe(DEFAULT_CREATE_ATTEMPTS);
});

describe('createdSince reads every createTime form GoTo could send (the spec gives none)', () => {
  const since = Date.UTC(2026, 11, 2, 12, 0, 0);
  test.each([
    ['2026-12-02T12:00:01Z', true],
    ['2026-12-02T12:00:01.250+00:00', true],
    ['2026-12-02T12:00:01+0000', true],
    ['2026-12-02T13:00:01+01:00', true],
    ['2026-12-02T11:59:59Z', false],
    [String(since / 1000 + 1), true], // epoch seconds
    [String(since + 1000), true], // epoch milliseconds
    [String(since - 1000), false],
    ['2026-12-02T12:00:01', true], // no zone: read as UTC
    ['2026-12-02T11:00:00', false],
  ])('%s → %s', (createTime, expected) => {
    expect(createdSince(createTime, since)).toBe(expected);
  });

  test('an object without a readable createTime is never taken for ours', () => {
    for (const t of [undefined, '', 'yesterday', 'March 7', '2026-02-30T12:00:00Z']) expect(createdSince(t, 0)).toBe(false);
  });

  test('byCreateTime orders mixed forms by instant', () => {
    const items = [{ createTime: String(since + 2000) }, { createTime: '2026-12-02T12:00:01Z' }, { createTime: String(since / 1000) }];
    expect([...items].sort(byCreateTime).map((i) => i.createTime)).toEqual([String(since / 1000), '2026-12-02T12:00:01Z', String(since + 2000)]);
  });
});
