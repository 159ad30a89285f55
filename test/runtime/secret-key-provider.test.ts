/**
 * The SecretKey provider: a key is created once and only ever replaced (rotation); state is the only copy of the
 * value; delete forgets it without pretending to revoke it.
 */
import { configure, providers } from '../../provider/runtime';
import { UNKNOWN } from '../../provider/declarations';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';

const secretKey = providers.secretKey;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
  const config: Record<string, string> = { 'gotowebinar:accessToken': sim.users[0].accessToken, 'gotowebinar:apiUrl': sim.apiUrl };
  await configure({ config: { get: (k) => config[k] } });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

test('check validates validFrom as ISO 8601 with a zone', async () => {
  for (const bad of ['tomorrow', '2026-13-01T00:00:00Z', '2026-12-01', '2026-12-01T00:00:00']) {
    const { failures } = await secretKey.check({}, { validFrom: bad });
    expect(failures).toEqual([{ property: 'validFrom', reason: expect.stringMatching(/ISO 8601/) }]);
  }
  expect((await secretKey.check({}, { validFrom: '2026-12-01T00:00:00+01:00' })).failures).toEqual([]);
  expect((await secretKey.check({}, { rotation: '' })).failures).toEqual([{ property: 'rotation', reason: expect.stringMatching(/^rotation must not be empty/) }]);
});

test('create keeps the value GoTo shows once, with its id and validFrom', async () => {
  const { id, outs } = await secretKey.create({ validFrom: '2030-01-01T00:00:00Z' });
  const [stored] = sim.state().secretKeys;
  expect(id).toBe(String(stored.id));
  expect(outs).toEqual({ secretKey: stored.value, validFrom: expect.stringMatching(/^2030-01-01T00:00:00/), keyId: id });
});

test('diff: only validFrom or rotation changes replace; nothing is read from GoTo', async () => {
  const { id, outs } = await secretKey.create({});
  sim.clearRequests();
  expect(await secretKey.diff(id, outs, {})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  expect((await secretKey.diff(id, outs, { rotation: '2027-01' })).replaces).toEqual(['rotation']);
  expect((await secretKey.diff(id, outs, { validFrom: '2031-01-01T00:00:00Z' })).replaces).toEqual(['validFrom']);
  expect((await secretKey.diff(id, outs, { rotation: UNKNOWN })).replaces).toEqual(['rotation']);
  expect(sim.requests()).toEqual([]);
});

test('renaming the organizer profile keeps the key: an in-place update, nothing sent, the same secret', async () => {
  const { id, outs } = await secretKey.create({});
  sim.clearRequests();
  expect(await secretKey.diff(id, outs, { organizer: 'events' })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ['organizer'] });
  const { outs: updated } = await secretKey.update(id, outs, { organizer: 'events' });
  expect(updated).toEqual({ ...outs, organizer: 'events' });
  expect(sim.requests()).toEqual([]);
  expect(sim.state().secretKeys).toHaveLength(1);
});

test('the same instant written differently is not a change', async () => {
  const { id, outs } = await secretKey.create({ validFrom: '2030-01-01T00:00:00Z' });
  expect((await secretKey.diff(id, outs, { validFrom: '2030-01-01T01:00:00+01:00' })).changes).toBe(false);
});

test('read keeps the stored value (GoTo cannot be asked) and reports inputs; delete only forgets', async () => {
  const { id, outs } = await secretKey.create({ rotation: 'r1' });
  const read = await secretKey.read(id, outs);
  expect(read).toEqual({ id, props: outs, inputs: { validFrom: outs.validFrom, rotation: 'r1' } });
  sim.clearRequests();
  await secretKey.delete(id, outs);
  expect(sim.requests()).toEqual([]);
  expect(sim.state().secretKeys).toHaveLength(1);
});
