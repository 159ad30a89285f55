import * as wire from '../../provider/api/wire';

describe('wire writers emit exactly the published spec', () => {
  test('create webhook fills the defaults', () => {
    expect(wire.createWebhookBody({ callbackUrl: 'https://x.test/h', eventName: 'registrant.added' })).toEqual({
      callbackUrl: 'https://x.test/h',
      eventName: 'registrant.added',
      eventVersion: '1.0.0',
      product: 'g2w',
    });
  });

  test('update webhook says `state`, never the sketch name `webhookState`, and omits what is not changed', () => {
    expect(wire.updateWebhookBody({ webhookKey: '1', webhookState: 'ACTIVE' })).toEqual({ webhookKey: '1', state: 'ACTIVE' });
    expect(wire.updateWebhookBody({ webhookKey: '1', callbackUrl: 'https://y.test' })).toEqual({
      webhookKey: '1',
      callbackUrl: 'https://y.test',
    });
  });

  test('update subscription says `userSubscriptionKey`', () => {
    expect(
      wire.updateUserSubscriptionBody({ subscriptionKey: 's', webhookKey: 'w', userSubscriptionState: 'INACTIVE' }),
    ).toEqual({ webhookKey: 'w', userSubscriptionKey: 's', userSubscriptionState: 'INACTIVE' });
  });
});

describe('wire readers accept both documents', () => {
  const published = {
    webhookKey: '8250000000000000001',
    callbackUrl: 'https://x.test/h',
    eventName: 'webinar.created',
    eventVersion: '1.0.0',
    product: 'g2w',
    state: 'ACTIVE',
    createTime: '2026-11-27T12:00:00Z',
  };

  test('published list `_embedded.webhooks` and the sketch single object', () => {
    expect(wire.readList({ _embedded: { webhooks: [published] } }, 'webhooks')).toEqual([published]);
    expect(wire.readList(published, 'webhooks')).toEqual([published]);
    expect(wire.readList([published], 'webhooks')).toEqual([published]);
    expect(wire.readList(undefined, 'webhooks')).toEqual([]);
    expect(wire.readList({ _embedded: {} }, 'webhooks')).toEqual([]);
  });

  test('state and webhookState', () => {
    expect(wire.readWebhook(published).webhookState).toBe('ACTIVE');
    const { state: _s, ...rest } = published;
    expect(wire.readWebhook({ ...rest, webhookState: 'INACTIVE' }).webhookState).toBe('INACTIVE');
  });

  test('userSubscriptionKey and subscriptionKey', () => {
    const base = { webhookKey: 'w', userSubscriptionState: 'ACTIVE', activationState: 'INACTIVE' };
    expect(wire.readUserSubscription({ ...base, userSubscriptionKey: 'a' }).subscriptionKey).toBe('a');
    expect(wire.readUserSubscription({ ...base, subscriptionKey: 'b' }).subscriptionKey).toBe('b');
    expect(wire.readUserSubscription({ ...base, subscriptionKey: 'b' }).activationState).toBe('INACTIVE');
  });

  test('value and secretKey; integer id kept as text', () => {
    expect(wire.readSecretKey({ id: 42, value: 'v1', validFrom: '2026-01-01T00:00:00Z' })).toEqual({
      id: '42',
      secretKey: 'v1',
      validFrom: '2026-01-01T00:00:00Z',
    });
    expect(wire.readSecretKey({ secretKey: 'v2' })).toEqual({ secretKey: 'v2' });
  });

  test('missing or wrong fields fail with a message naming them', () => {
    expect(() => wire.readWebhook({ callbackUrl: 'x', eventName: 'e' })).toThrow(/webhookKey/);
    expect(() => wire.readWebhook({ ...published, state: 'ON' })).toThrow(/unknown state "ON"/);
    expect(() => wire.readUserSubscription({ webhookKey: 'w' })).toThrow(/userSubscriptionKey" or "subscriptionKey/);
    expect(() => wire.readSecretKey({ id: 1 })).toThrow(/value/);
    expect(() => wire.readList('text', 'webhooks')).toThrow(/expected a list of webhooks/);
  });
});
