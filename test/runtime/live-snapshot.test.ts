/**
 * Shared reads: many diffs close together cost one list call instead of one GET each, an object missing from the
 * list is confirmed with its own GET, and writes or age make the snapshot go away.
 */
import { GoToClient } from '../../provider/api';
import { configure, providers } from '../../provider/runtime';
import { LiveSnapshot } from '../../provider/runtime/connection/live-snapshot';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

describe('LiveSnapshot (unit)', () => {
  function source(items: string[]) {
    const calls = { list: 0, getOne: [] as string[] };
    return {
      calls,
      src: {
        list: async () => {
          calls.list++;
          return [...items];
        },
        keyOf: (s: string) => s,
        getOne: async (k: string) => {
          calls.getOne.push(k);
          return undefined;
        },
      },
    };
  }

  test('concurrent reads share one list; a miss is confirmed one by one', async () => {
    const { calls, src } = source(['a', 'b', 'c']);
    const snap = new LiveSnapshot(src, 5000);
    expect(await Promise.all(['a', 'b', 'c', 'x'].map((k) => snap.find(k)))).toEqual(['a', 'b', 'c', undefined]);
    expect(calls).toEqual({ list: 1, getOne: ['x'] });
  });

  test('a snapshot not read for its time is taken again; 0 means a GET per object', async () => {
    let t = 0;
    const { calls, src } = source(['a']);
    const snap = new LiveSnapshot(src, 1000, () => t);
    await snap.find('a');
    t = 999;
    await snap.find('a');
    expect(calls.list).toBe(1);
    t = 1999; // its time after the last read
    await snap.find('a');
    expect(calls.list).toBe(2);
    const none = source(['a']);
    await new LiveSnapshot(none.src, 0).find('a');
    expect(none.calls).toEqual({ list: 0, getOne: ['a'] });
  });

  test('reads that keep coming less than its time apart share one list, for at most a minute', async () => {
    let t = 0;
    const { calls, src } = source(['a']);
    const snap = new LiveSnapshot(src, 5000, () => t);
    for (t = 0; t <= 12_000; t += 4000) await snap.find('a'); // a big preview's diffs, 4 s apart over 12 s
    expect(calls.list).toBe(1);
    for (; t < 60_000; t += 4000) await snap.find('a');
    expect(calls.list).toBe(1);
    t = 60_000;
    await snap.find('a'); // a minute old: listed again, however busy
    expect(calls.list).toBe(2);
    t += 5000;
    await snap.find('a'); // 5 s after the last read
    expect(calls.list).toBe(3);
  });

  test('a failed list is not served to later reads', async () => {
    let fail = true;
    const snap = new LiveSnapshot({
      list: async () => {
        if (fail) throw new Error('503');
        return ['a'];
      },
      keyOf: (s: string) => s,
      getOne: async () => undefined,
    });
    await expect(snap.find('a')).rejects.toThrow('503');
    fail = false;
    await expect(snap.find('a')).resolves.toBe('a');
  });
});

describe('diffs of many webhooks against the simulator', () => {
  let sim: RunningSimulator;
  let receiver: CallbackServer;

  beforeAll(async () => {
    sim = await startSimulator({ allowLoopbackHttp: true });
    receiver = await startCallbackServer();
    const config: Record<string, string> = { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl };
    await configure({ config: { get: (k) => config[k] } });
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.stop();
  });

  test('20 diffs: one list call, no per-object GET; a deleted one: one confirming GET, then a replacement', async () => {
    const webhook = providers.webhook;
    const { inputs } = await webhook.check({}, { eventName: 'registrant.added', callbackUrl: `${receiver.url}/h` });
    const made = [];
    for (let i = 0; i < 20; i++) made.push(await webhook.create(inputs));
    const admin = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });
    await admin.deleteWebhooks([made[0].id]); // out of band, before the "preview"
    sim.clearRequests();

    const diffs = await Promise.all(made.map((m) => webhook.diff(m.id, m.outs, inputs)));
    expect(diffs[0]).toMatchObject({ changes: true, replaces: ['webhookKey'] });
    expect(diffs.slice(1).every((d) => d.changes === false)).toBe(true);
    const calls = sim.requests().map((r) => `${r.method} ${r.path.replace('/G2W/rest/v2', '')} ${r.status}`);
    expect(calls).toEqual(['GET /webhooks 200', `GET /webhooks/${made[0].id} 404`]);
  });
});
