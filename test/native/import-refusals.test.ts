/**
 * The lifecycle's Read for an import (nothing but a key, as the native provider's import Read is), without the engine
 * or a GoTo: a connection that answers what a test says. An object that exists but has, in what GoTo cannot change,
 * a value no program may declare (a webhook of another GoTo product: the simulator, like GoTo's published API, knows
 * only g2w) is refused with why; a missing one names whose credentials looked; a refresh of a gone object still
 * answers an empty id (the engine then drops it from state). The engine tests of the same: import-errors.test.ts.
 */
import type { Webhook } from '../../provider/api';
import { lifecycle } from '../../provider/runtime/lifecycle';
import type { Runtime } from '../../provider/runtime/runtime';
import { Settings } from '../../provider/runtime/settings';
import { webhookSpec } from '../../provider/runtime/webhook';

const KEY = '8250000000000000123';

const LIVE: Webhook = {
  webhookKey: KEY,
  callbackUrl: 'https://hooks.example.com/goto',
  eventName: 'registrant.added',
  eventVersion: '1.0.0',
  product: 'g2w',
  webhookState: 'ACTIVE',
  createTime: '2026-01-01T00:00:00Z',
};

/** The webhook lifecycle over a connection whose read answers `live`, with settings from `env` only. */
function webhooks(live: Webhook | undefined, env: NodeJS.ProcessEnv = { GOTOWEBINAR_ACCESS_TOKEN: 'token-value' }) {
  const connection = { readWebhook: async () => live };
  const runtime = { settings: new Settings(undefined, env), connection: () => connection } as unknown as Runtime;
  return lifecycle(webhookSpec, () => runtime);
}

test('an import of a webhook that exists and can be managed returns it and the inputs that describe it', async () => {
  const read = await webhooks(LIVE).read(KEY);
  expect(read).toMatchObject({ id: KEY, inputs: { eventName: 'registrant.added', product: 'g2w' } });
});

test('an import of a webhook of another GoTo product is refused, saying why', async () => {
  const error = await webhooks({ ...LIVE, product: 'g2m' }).read(KEY).catch((e: Error & { code?: string }) => e);
  expect(error).toMatchObject({ code: 'ERR_GOTO_NOT_MANAGEABLE', key: KEY });
  expect((error as Error).message).toMatch(new RegExp(`^Cannot import Webhook ${KEY}: it exists at GoTo, but this provider cannot manage it: product must be one of .*g2w.*, got .*g2m`));
  expect((error as Error).message).toContain('GoTo cannot change that in place');
});

test('an in-place property with a value the program must change (an http callback URL) does not stop the import', async () => {
  const read = await webhooks({ ...LIVE, callbackUrl: 'http://hooks.example.com/goto' }).read(KEY);
  expect(read.id).toBe(KEY);
});

test('an import of a key GoTo does not have names whose credentials looked, by setting, never by value', async () => {
  const error = await webhooks(undefined).read(KEY).catch((e: Error & { code?: string }) => e);
  expect(error).toMatchObject({ code: 'ERR_GOTO_IMPORT_NOT_FOUND', key: KEY });
  expect((error as Error).message).toContain(`Cannot import Webhook ${KEY}: GoTo has no such Webhook for the credentials of the default account (GOTOWEBINAR_ACCESS_TOKEN)`);
  expect((error as Error).message).not.toContain('token-value');
});

test('the provider acting as an organizer (gotowebinar:organizer) is named by its profile', async () => {
  const env = { GOTOWEBINAR_ORGANIZER: 'bob', GOTOWEBINAR_ORGANIZER_BOB_ACCESS_TOKEN: 'bob-token' };
  const error = await webhooks(undefined, env).read(KEY).catch((e: Error) => e);
  expect((error as Error).message).toContain('for the credentials of the organizer profile bob (GOTOWEBINAR_ORGANIZER_BOB_ACCESS_TOKEN)');
  expect((error as Error).message).not.toContain('bob-token');
});

test('a refresh of an object gone from GoTo still answers an empty id: the engine drops it from state', async () => {
  const stored = { ...LIVE, organizer: undefined } as never;
  await expect(webhooks(undefined).read(KEY, stored)).resolves.toEqual({ id: '', props: {} });
});
