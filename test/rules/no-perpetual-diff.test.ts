/**
 * Issue 25: a callback URL that only looks different from its parsed form is stored in the form GoTo is sent, and
 * check returns that form as the input: the parsed form (Punycode host, percent-encoded path) when the text holds
 * non-ASCII characters, the text as written otherwise (canonicalCallbackUrl). Shown here through the provider's own
 * check, create, update and diff against the simulator: the next preview of the same program finds nothing to do,
 * where the other choice would show a change at every preview. Likewise an accepted validFrom, stored as written,
 * never reads as a new key.
 */
import { configure, providers } from '../../provider/runtime';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { CallbackServer, startCallbackServer } from '../support/callback-server';

let sim: RunningSimulator;
let receiver: CallbackServer;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true });
  receiver = await startCallbackServer();
  const config: Record<string, string> = {
    'gotowebinar:accessToken': sim.users[0].accessToken,
    'gotowebinar:apiUrl': sim.apiUrl,
    'gotowebinar:readSnapshotSeconds': '0', // every diff reads the live object afresh
  };
  await configure({ config: { get: (k) => config[k] } });
});
afterAll(async () => {
  await sim.stop();
  await receiver.stop();
});
beforeEach(() => sim.reset());

const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] };
const writes = () => sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET');
const IDN = 'https://b\u00fccher.example/goto/registrations';
const IDN_STORED = 'https://xn--bcher-kva.example/goto/registrations';

/** A webhook that exists at GoTo already (GoTo's validation GET cannot reach an example host from here). */
function seedWebhook(callbackUrl: string): string {
  const webhookKey = '8250000000000000777';
  sim.seed({
    webhooks: [
      { webhookKey, clientId: sim.clients[0].clientId, callbackUrl, eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w', state: 'ACTIVE', createTime: new Date().toISOString() },
    ],
  });
  return webhookKey;
}

describe('Webhook', () => {
  const webhook = providers.webhook;

  test('written with a capital scheme (ASCII): sent and kept as written, and no diff on the next preview', async () => {
    const port = new URL(receiver.url).port;
    const written = { eventName: 'registrant.added', callbackUrl: `HTTP://127.0.0.1:${port}/Hook` };
    const { inputs, failures } = await webhook.check({}, written);
    expect(failures).toEqual([]);
    expect(inputs.callbackUrl).toBe(written.callbackUrl);
    const { id, outs } = await webhook.create(inputs);
    expect(writes()[0]!.body).toEqual([expect.objectContaining({ callbackUrl: written.callbackUrl })]);
    expect(outs.callbackUrl).toBe(written.callbackUrl);
    sim.clearRequests();
    const again = await webhook.check(outs, written);
    expect(await webhook.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
    expect(writes()).toEqual([]);
  });

  test('on an internationalized host: adopted in the Punycode form, no write, no diff, no drift', async () => {
    const webhookKey = seedWebhook(IDN_STORED);
    sim.clearRequests();
    const written = { eventName: 'registrant.added', callbackUrl: IDN, webhookKey };
    const { inputs, failures } = await webhook.check({}, written);
    expect(failures).toEqual([]);
    expect(inputs.callbackUrl).toBe(IDN_STORED);
    const { id, outs } = await webhook.create(inputs);
    expect(writes()).toEqual([]); // the live webhook already calls that URL
    expect(outs.callbackUrl).toBe(IDN_STORED);
    const again = await webhook.check(outs, written);
    expect(await webhook.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
    // Had check kept the Unicode text, every preview would show an update of callbackUrl.
    expect(await webhook.diff(id, outs, { ...again.inputs, callbackUrl: IDN })).toMatchObject({ changes: true, diffs: ['callbackUrl'] });
    // A refresh reads the same form back, and the program still agrees with it.
    const read = await webhook.read(id, outs);
    expect(read.props.callbackUrl).toBe(IDN_STORED);
    expect(await webhook.diff(id, read.props, again.inputs)).toEqual(NO_CHANGE);
  });

  test('moving from the Unicode spelling to the Punycode one (or back) changes nothing', async () => {
    const webhookKey = seedWebhook(IDN_STORED);
    const { inputs } = await webhook.check({}, { eventName: 'registrant.added', callbackUrl: IDN, webhookKey });
    const { id, outs } = await webhook.create(inputs);
    for (const spelling of [IDN_STORED, 'HTTPS://B\u00dcCHER.EXAMPLE:443/goto/registrations', IDN]) {
      const again = await webhook.check(outs, { eventName: 'registrant.added', callbackUrl: spelling, webhookKey });
      expect(await webhook.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
    }
  });
});

describe('UserSubscription', () => {
  const subscription = providers.userSubscription;

  test('its own callback URL in capitals (ASCII): kept as written, and no diff on the next preview', async () => {
    const port = new URL(receiver.url).port;
    const webhookKey = seedWebhook(`http://127.0.0.1:${port}/w`);
    const written = { webhookKey, callbackUrl: `Http://127.0.0.1:${port}/alice` };
    const { inputs, failures } = await subscription.check({}, written);
    expect(failures).toEqual([]);
    expect(inputs.callbackUrl).toBe(written.callbackUrl);
    const { id, outs } = await subscription.create(inputs);
    expect(sim.state().userSubscriptions).toEqual([expect.objectContaining({ callbackUrl: written.callbackUrl })]);
    sim.clearRequests();
    const again = await subscription.check(outs, written);
    expect(await subscription.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
    expect(writes()).toEqual([]);
  });

  test('why ASCII spellings are kept: a subscription an earlier version stored so would otherwise differ at every preview', async () => {
    const webhookKey = seedWebhook('https://hooks.example.com/w');
    const subscriptionKey = '8912870000000000778';
    const spelling = 'HTTPS://Hooks.Example.COM:443/alice'; // accepted, sent and stored as written before issue 25
    sim.seed({
      userSubscriptions: [
        { userSubscriptionKey: subscriptionKey, userKey: sim.users[0].userKey, webhookKey, callbackUrl: spelling, userSubscriptionState: 'ACTIVE', createTime: new Date().toISOString() },
      ],
    });
    const written = { webhookKey, subscriptionKey, callbackUrl: spelling };
    const { id, outs } = await subscription.create((await subscription.check({}, written)).inputs);
    expect(outs.callbackUrl).toBe(spelling); // the output echoes GoTo's text
    const { inputs } = await subscription.check(outs, written);
    expect(await subscription.diff(id, outs, inputs)).toEqual(NO_CHANGE);
    // The parsed form instead: a change, and after the update (which sends nothing) the same change again.
    const parsed = { ...inputs, callbackUrl: new URL(spelling).href };
    expect((await subscription.diff(id, outs, parsed)).changes).toBe(true);
    sim.clearRequests();
    const { outs: updated } = await subscription.update(id, outs, parsed);
    expect(writes()).toEqual([]);
    expect((await subscription.diff(id, updated, parsed)).changes).toBe(true);
  });

  test('on an internationalized host: adopted in the Punycode form, no write, no diff', async () => {
    const webhookKey = seedWebhook(IDN_STORED);
    const subscriptionKey = '8912870000000000777';
    sim.seed({
      userSubscriptions: [
        { userSubscriptionKey: subscriptionKey, userKey: sim.users[0].userKey, webhookKey, callbackUrl: IDN_STORED, userSubscriptionState: 'ACTIVE', createTime: new Date().toISOString() },
      ],
    });
    sim.clearRequests();
    const written = { webhookKey, subscriptionKey, callbackUrl: 'https://B\u00fccher.Example:443/goto/registrations' };
    const { inputs } = await subscription.check({}, written);
    expect(inputs.callbackUrl).toBe(IDN_STORED);
    const { id, outs } = await subscription.create(inputs);
    expect(writes()).toEqual([]);
    const again = await subscription.check(outs, written);
    expect(await subscription.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
  });
});

describe('SecretKey', () => {
  const secretKey = providers.secretKey;

  test.each([
    '1970-01-01T00:00:00Z',
    '2026-01-01t00:00:00.5z',
    '2026-01-01T05:30:00.500000+0530',
    '1969-12-31T23:00-01:00',
  ])('validFrom %s is kept as written, and the next preview mints no new key', async (validFrom) => {
    const { inputs, failures } = await secretKey.check({}, { validFrom });
    expect(failures).toEqual([]);
    expect(inputs.validFrom).toBe(validFrom); // never rewritten: a different text would be a new key for old stacks
    const { id, outs } = await secretKey.create(inputs);
    const again = await secretKey.check(outs, { validFrom });
    expect(await secretKey.diff(id, outs, again.inputs)).toEqual(NO_CHANGE);
  });
});
