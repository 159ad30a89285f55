/**
 * GoTo's spec types webhookKey and userSubscriptionKey as plain strings and documents no form. The simulator can
 * mint them decimal (default), as UUIDs, or mixed (decimal, UUID or `k_<base64url>`), and the client works with
 * every form through create, read, update, list and delete: no part of the transport assumes digits.
 */
import { GoToClient } from '../../provider/api';
import { startSimulator } from '../../simulator';
import { startCallbackServer, type CallbackServer } from '../support/callback-server';

let receiver: CallbackServer;
beforeAll(async () => {
  receiver = await startCallbackServer();
});
afterAll(() => receiver.stop());

const FORMS = {
  decimal: /^\d{19}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  mixed: /^(\d{19}|[0-9a-f]{8}-[0-9a-f-]{27}|k_[A-Za-z0-9_-]{16})$/,
} as const;

test.each(Object.keys(FORMS) as Array<keyof typeof FORMS>)('keyShape %s: minted as such, and the client handles it end to end', async (shape) => {
  const sim = await startSimulator({ allowLoopbackHttp: true, keyShape: shape, rateLimitPerSecond: 0 });
  try {
    const client = new GoToClient({ credentials: { accessToken: sim.users[0].accessToken }, apiUrl: sim.apiUrl });
    const hooks = await client.createWebhooks(
      Array.from({ length: 12 }, (_, i) => ({ callbackUrl: `${receiver.url}/h${i}`, eventName: 'registrant.added' as const })),
    );
    for (const h of hooks) expect(h.webhookKey).toMatch(FORMS[shape]);
    if (shape === 'mixed') expect(new Set(hooks.map((h) => (/^\d+$/.test(h.webhookKey) ? 'd' : h.webhookKey.startsWith('k_') ? 'k' : 'u'))).size).toBeGreaterThan(1);
    const [first] = hooks;
    await client.updateWebhooks([{ webhookKey: first.webhookKey, webhookState: 'ACTIVE' }]);
    expect(await client.findWebhook(first.webhookKey)).toMatchObject({ webhookKey: first.webhookKey, webhookState: 'ACTIVE' });
    const [sub] = await client.createUserSubscriptions([{ webhookKey: first.webhookKey }]);
    expect(sub.subscriptionKey).toMatch(FORMS[shape]);
    expect(await client.findUserSubscription(sub.subscriptionKey)).toMatchObject({ webhookKey: first.webhookKey });
    await client.deleteUserSubscriptions([sub.subscriptionKey]);
    await client.deleteWebhooks(hooks.map((h) => h.webhookKey));
    expect(sim.state().webhooks).toEqual([]);
    expect(await client.findWebhook(first.webhookKey)).toBeUndefined();
  } finally {
    await sim.stop();
  }
});

test('an unknown keyShape is refused at start', async () => {
  await expect(startSimulator({ keyShape: 'hex' as never })).rejects.toThrow(/keyShape must be one of decimal, uuid, mixed/);
});
