/**
 * The resource classes as a program sees them, under the SDK's runtime mocks: every documented output exists (the
 * SDK only registers outputs that are keys of the props) and the keys are the ids.
 */
import * as pulumi from '@pulumi/pulumi';
import { SecretKey, UserSubscription, Webhook } from '../../provider/resources';

const registrations: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push(args);
        const { __provider: _p, ...inputs } = args.inputs;
        const outputs: Record<string, unknown> = { ...inputs, createTime: '2026-11-27T00:00:00Z' };
        if (args.type.endsWith(':Webhook')) Object.assign(outputs, { eventVersion: '1.0.0', product: 'g2w', webhookState: 'ACTIVE' });
        if (args.type.endsWith(':UserSubscription')) Object.assign(outputs, { userSubscriptionState: 'ACTIVE', activationState: 'ACTIVE' });
        if (args.type.endsWith(':SecretKey')) Object.assign(outputs, { secretKey: 'v', keyId: '7', validFrom: '2026-11-27T00:00:00Z' });
        return { id: `${args.name}-id`, state: outputs };
      },
      call: () => ({}),
    },
    'project',
    'stack',
    false,
  );
});

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

test('Webhook: all outputs registered, webhookKey is the id, type token as documented', async () => {
  const hook = new Webhook('hook', { eventName: 'registrant.added', callbackUrl: 'https://x.example.com/h' });
  expect(await value(hook.webhookState)).toBe('ACTIVE');
  expect(await value(hook.eventVersion)).toBe('1.0.0');
  expect(await value(hook.product)).toBe('g2w');
  expect(await value(hook.createTime)).toBe('2026-11-27T00:00:00Z');
  expect(await value(hook.webhookKey)).toBe('hook-id');
  expect(registrations.find((r) => r.name === 'hook')!.type).toBe('pulumi-nodejs:dynamic/gotowebinar:Webhook');
});

test('UserSubscription: all outputs registered, subscriptionKey is the id', async () => {
  const sub = new UserSubscription('sub', { webhookKey: '123' });
  expect(await value(sub.userSubscriptionState)).toBe('ACTIVE');
  expect(await value(sub.activationState)).toBe('ACTIVE');
  expect(await value(sub.subscriptionKey)).toBe('sub-id');
  expect(registrations.find((r) => r.name === 'sub')!.type).toBe('pulumi-nodejs:dynamic/gotowebinar:UserSubscription');
});

// That the engine keeps `secretKey` secret (additionalSecretOutputs, which mocks do not apply) is checked under the
// real engine: test/stack/root-stack.test.ts (the value is nowhere in the state file in clear).
test('SecretKey: all outputs registered, keyId is the id', async () => {
  const key = new SecretKey('key');
  expect(await value(key.keyId)).toBe('key-id');
  expect(await value(key.validFrom)).toBe('2026-11-27T00:00:00Z');
  expect(await value(key.secretKey)).toBe('v');
});
