/**
 * The Webhook provider methods called directly (as the plugin would) against the simulator: validation, create
 * with activation, drift in diff, refresh, updates, replacement, adoption, partial failure and deletes.
 */
import { configure, providers } from '../../provider/runtime';
import { UNKNOWN } from '../../provider/declarations';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';
import { GoToClient } from '../../provider/api';

const webhook = providers.webhook;
let sim: RunningSimulator;
let receiver: CallbackServer;
let admin: GoToClient; // acts "in the GoTo console", out of band

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  const config: Record<string, string> = {
    'gotowebinar:accessToken': sim.users[0].accessToken,
    'gotowebinar:apiUrl': sim.apiUrl,
    // Bounds the activation wait in the partial-failure test; the lag tests stay well inside it.
    'gotowebinar:consistencyTimeoutSeconds': '2',
    // These tests change GoTo out of band between calls in one process: read every object afresh.
    'gotowebinar:readSnapshotSeconds': '0',
  };
  await configure({ config: { get: (k) => config[k] } });
  admin = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});
beforeEach(() => sim.reset());

const apiCalls = () => sim.requests().filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path.replace('/G2W/rest/v2', '')}`);

async function created(extra: Record<string, unknown> = {}) {
  const { inputs, failures } = await webhook.check({}, { eventName: 'registrant.added', callbackUrl: `${receiver.url}/hook`, ...extra });
  expect(failures).toEqual([]);
  const { id, outs } = await webhook.create(inputs);
  return { id, outs, inputs };
}

describe('check', () => {
  test('fills defaults and accepts valid input without calling the API', async () => {
    const { inputs, failures } = await webhook.check({}, { eventName: 'webinar.created', callbackUrl: 'https://hooks.example.com/g2w' });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      eventName: 'webinar.created',
      callbackUrl: 'https://hooks.example.com/g2w',
      eventVersion: '1.0.0',
      product: 'g2w',
      webhookState: 'ACTIVE',
    });
    expect(sim.requests()).toEqual([]);
  });

  test.each([
    [{ eventName: 'registrant.deleted' }, 'eventName', /must be one of "registrant.added"/],
    [{ callbackUrl: 'http://hooks.example.com/x' }, 'callbackUrl', /must be https/],
    [{ callbackUrl: 'not-a-url' }, 'callbackUrl', /absolute https URL/],
    [{ callbackUrl: '' }, 'callbackUrl', /must not be empty/],
    [{ callbackUrl: 42 }, 'callbackUrl', /must be a string, got number 42/],
    [{ webhookState: 'ENABLED' }, 'webhookState', /"ACTIVE", "INACTIVE"/],
    [{ eventVersion: '2.0.0' }, 'eventVersion', /"1.0.0"/],
    [{ product: 'g2m' }, 'product', /"g2w"/],
    [{ webhookKey: '' }, 'webhookKey', /must not be empty/],
    [{ organizer: 'no spaces please' }, 'organizer', /credentials profile/],
    [{ callbackURL: 'https://x.example.com' }, 'callbackURL', /not a property of this resource/],
  ])('refuses %j naming %s', async (bad, property, reason) => {
    const news = { eventName: 'registrant.added', callbackUrl: 'https://hooks.example.com/g2w', ...bad };
    const { failures } = await webhook.check({}, news);
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  test('missing required inputs are named', async () => {
    const { failures } = await webhook.check({}, {});
    expect(failures.map((f) => f.property).sort()).toEqual(['callbackUrl', 'eventName']);
  });

  test('unknown values (preview) pass', async () => {
    const { failures } = await webhook.check({}, { eventName: 'registrant.added', callbackUrl: UNKNOWN });
    expect(failures).toEqual([]);
  });
});

describe('create', () => {
  test('POSTs then activates; outputs echo the inputs plus key and createTime', async () => {
    const { id, outs } = await created();
    expect(outs).toEqual({
      eventName: 'registrant.added',
      callbackUrl: `${receiver.url}/hook`,
      eventVersion: '1.0.0',
      product: 'g2w',
      webhookState: 'ACTIVE',
      webhookKey: id,
      createTime: expect.any(String),
    });
    expect(apiCalls()).toEqual(['POST /webhooks', 'PUT /webhooks']);
    expect(sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: id, state: 'ACTIVE' })]);
  });

  test('an INACTIVE webhook is not activated', async () => {
    const { outs } = await created({ webhookState: 'INACTIVE' });
    expect(outs.webhookState).toBe('INACTIVE');
    expect(apiCalls()).toEqual(['POST /webhooks']);
  });

  test('waits out GoTo consistency lag before activating', async () => {
    sim.setFaults({ notFoundAfterCreateMs: 600 });
    try {
      const { outs } = await created();
      expect(outs.webhookState).toBe('ACTIVE');
      expect(sim.state().webhooks[0].state).toBe('ACTIVE');
    } finally {
      sim.setFaults({ notFoundAfterCreateMs: 0 });
    }
  });

  test('activation failure: the error carries the id and properties, and the next up (diff+update) finishes', async () => {
    sim.setFaults({ notFoundAfterCreateMs: 60_000 });
    const { inputs } = await webhook.check({}, { eventName: 'webinar.changed', callbackUrl: `${receiver.url}/h` });
    const withProvider = { ...inputs, __provider: 'text' }; // as the plugin passes it
    const err = (await webhook.create(withProvider).catch((e) => e)) as Error & {
      id: string;
      properties: typeof inputs & { webhookKey: string; webhookState: string };
      reasons: string[];
    };
    sim.setFaults({ notFoundAfterCreateMs: 0 });
    expect(err.id).toMatch(/^\d+$/);
    expect(err.properties).toMatchObject({ webhookKey: err.id, webhookState: 'INACTIVE', __provider: 'text' });
    expect(err.message).toMatch(/run `pulumi up` again/);
    expect(sim.state().webhooks).toHaveLength(1);

    const diff = await webhook.diff(err.id, err.properties, inputs);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ['webhookState'] });
    const { outs } = await webhook.update(err.id, err.properties, inputs);
    expect(outs.webhookState).toBe('ACTIVE');
    expect(sim.state().webhooks).toEqual([expect.objectContaining({ webhookKey: err.id, state: 'ACTIVE' })]);
  });
});

describe('diff against the live object', () => {
  test('no change and no drift: no changes, one GET', async () => {
    const { id, outs, inputs } = await created();
    sim.clearRequests();
    expect(await webhook.diff(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
    expect(apiCalls()).toEqual([`GET /webhooks/${id}`]);
  });

  test('deactivated in the console: an update', async () => {
    const { id, outs, inputs } = await created();
    await admin.updateWebhooks([{ webhookKey: id, webhookState: 'INACTIVE' }]);
    expect(await webhook.diff(id, outs, inputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ['webhookState'] });
    const { outs: healed } = await webhook.update(id, outs, inputs);
    expect(healed.webhookState).toBe('ACTIVE');
    expect((await admin.getWebhook(id)).webhookState).toBe('ACTIVE');
  });

  test('callback re-pointed in the console: an update that puts it back', async () => {
    const { id, outs, inputs } = await created();
    await admin.updateWebhooks([{ webhookKey: id, callbackUrl: `${receiver.url}/elsewhere` }]);
    expect((await webhook.diff(id, outs, inputs)).changes).toBe(true);
    sim.clearRequests();
    await webhook.update(id, outs, inputs);
    expect(sim.requests().filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
      [{ webhookKey: id, callbackUrl: `${receiver.url}/hook` }],
    ]);
  });

  test('deleted in the console: a replacement, and create + delete of the old id both work', async () => {
    const { id, outs, inputs } = await created();
    await admin.deleteWebhooks([id]);
    const diff = await webhook.diff(id, outs, inputs);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual(['webhookKey']);
    const again = await webhook.create(inputs);
    expect(again.id).not.toBe(id);
    await expect(webhook.delete(id, outs)).resolves.toBeUndefined();
    expect(sim.state().webhooks.map((w) => w.webhookKey)).toEqual([again.id]);
  });

  test('eventName, eventVersion or product changed: replacement without asking the API', async () => {
    const { id, outs, inputs } = await created();
    sim.clearRequests();
    expect(await webhook.diff(id, outs, { ...inputs, eventName: 'webinar.created' })).toEqual({
      changes: true,
      replaces: ['eventName'],
      deleteBeforeReplace: false,
      diffs: ['eventName'],
    });
    expect(apiCalls()).toEqual([]);
  });

  test('callbackUrl changed in the program: an update in place', async () => {
    const { id, outs, inputs } = await created();
    const news = { ...inputs, callbackUrl: `${receiver.url}/v2` };
    expect(await webhook.diff(id, outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, diffs: ['callbackUrl'] });
    const { outs: updated } = await webhook.update(id, outs, news);
    expect(updated.callbackUrl).toBe(`${receiver.url}/v2`);
    expect(updated.webhookKey).toBe(id);
  });

  test('an unknown callbackUrl during preview shows as a change', async () => {
    const { id, outs, inputs } = await created();
    expect((await webhook.diff(id, outs, { ...inputs, callbackUrl: UNKNOWN })).changes).toBe(true);
  });
});

describe('read (refresh)', () => {
  test('returns the live object and matching inputs, so a diff afterwards is clean', async () => {
    const { id, outs, inputs } = await created();
    await admin.updateWebhooks([{ webhookKey: id, webhookState: 'INACTIVE' }]);
    const read = await webhook.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props.webhookState).toBe('INACTIVE');
    expect(read.inputs).toEqual({ ...inputs, webhookState: 'INACTIVE' });
    expect((await webhook.diff(id, read.props, read.inputs as typeof inputs)).changes).toBe(false);
  });

  test('a webhook that is gone reads as an empty id', async () => {
    const { id, outs } = await created();
    await admin.deleteWebhooks([id]);
    expect((await webhook.read(id, outs)).id).toBe('');
  });
});

describe('delete', () => {
  test('deletes, and deleting something already gone succeeds', async () => {
    const { id, outs } = await created();
    await webhook.delete(id, outs);
    expect(sim.state().webhooks).toEqual([]);
    await expect(webhook.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe('adoption', () => {
  test('takes over an existing webhook by key and converges it, creating nothing', async () => {
    const existing = await admin.createWebhooks([{ callbackUrl: `${receiver.url}/old`, eventName: 'registrant.joined' }]).then(([w]) => w!);
    sim.clearRequests();
    const { id, outs } = await created({ eventName: 'registrant.joined', webhookKey: existing.webhookKey });
    expect(id).toBe(existing.webhookKey);
    expect(outs).toMatchObject({ webhookState: 'ACTIVE', callbackUrl: `${receiver.url}/hook` });
    expect(apiCalls().filter((c) => c.startsWith('POST'))).toEqual([]);
    expect(sim.state().webhooks).toHaveLength(1);
  });

  test('refuses to adopt a webhook of another event, saying why', async () => {
    const existing = await admin.createWebhooks([{ callbackUrl: `${receiver.url}/old`, eventName: 'registrant.joined' }]).then(([w]) => w!);
    const { inputs } = await webhook.check({}, { eventName: 'webinar.created', callbackUrl: `${receiver.url}/x`, webhookKey: existing.webhookKey });
    await expect(webhook.create(inputs)).rejects.toThrow(/eventName is "registrant.joined".*cannot be changed/);
  });

  test('refuses to adopt a key that does not exist', async () => {
    const { inputs } = await webhook.check({}, { eventName: 'webinar.created', callbackUrl: `${receiver.url}/x`, webhookKey: '123' });
    await expect(webhook.create(inputs)).rejects.toThrow(/Cannot adopt webhook 123/);
  });
});
