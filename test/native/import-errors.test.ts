/**
 * `pulumi import` of what the provider cannot import fails with the provider's own message, under the real engine
 * (a YAML project on the plugin of the path entry, against the simulator), and leaves nothing in state:
 * - a webhook key that GoTo does not have: which object, with whose credentials the provider looked (the default
 *   account, by the setting that holds its credential, never a token), and what to do;
 * - another organizer's subscription through the default provider: the same, saying that a subscription is its
 *   organizer's and how to import it through a provider of theirs (`--provider`, or `import-file --organizer`);
 * - and, as the message advises, through a provider of that organizer's (`organizer: bob`, made by `pulumi up`,
 *   named to the import as `--provider` does) the same import succeeds, while a missing key then names that
 *   organizer's profile.
 * Left to the engine, each failure read "provider does not support importing resources; please try updating the
 * 'gotowebinar' plugin".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { OPERATION_TIMEOUT, run, startFixture, type Fixture } from '../stack/support';
import { projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const PROJECT = 'native-import-errors';
const MISSING = '8250000000000099999';

let fx: Fixture;
let dir: string;
let stack: EngineStack;

beforeAll(async () => {
  fx = await startFixture('/goto');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-import-errors-'));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml' }));
  // The default account is users[0] (an access token); bob's profile reads GOTOWEBINAR_ORGANIZER_BOB_REFRESH_TOKEN.
  stack = await EngineStack.open({ workDir: dir, stackName: 'dev', env: simulatorEnv(fx.sim, ['bob']) });
});

afterAll(() => tearDown(stack, () => fs.rmSync(dir, { recursive: true, force: true }), fx));

/** The import's error message; the test fails if the import succeeds. */
async function importFailure(type: string, name: string, id: string, through: { provider?: string; nameTable?: Record<string, string> } = {}): Promise<string> {
  const resource = { type, name, id, ...(through.provider ? { provider: through.provider } : {}) };
  const error = await stack.stack.import({ resources: [resource], nameTable: through.nameTable, protect: false, generateCode: false }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(Error);
  const message = String(error!.message);
  expect(message).not.toMatch(/does not support importing resources|resource '\d+' does not exist/);
  for (const user of fx.sim.users) {
    for (const secret of [user.accessToken, user.refreshToken]) expect(message).not.toContain(secret);
  }
  return message;
}

const SUBSCRIPTION = 'gotowebinar:index:UserSubscription';

/** An explicit provider acting as bob's profile, as the message advises (YAML). */
const BOB_PROVIDER = `resources:
  bob:
    type: pulumi:providers:gotowebinar
    properties:
      organizer: bob
`;

const bobsProvider = () => ({ provider: 'bob' });

/** `--provider bob=<its URN>`: the name table of an import. */
async function nameTable(): Promise<Record<string, string>> {
  const urn = (await stack.resources()).find((r) => r.type === 'pulumi:providers:gotowebinar' && r.urn.endsWith('::bob'))?.urn;
  expect(urn).toBeDefined();
  return { bob: urn! };
}

const imported = async () => (await stack.resources()).filter((r) => r.type.startsWith('gotowebinar:index:'));

test('a webhook key GoTo does not have: the provider says so, with whose credentials it looked, and nothing is imported', async () => {
  const message = await importFailure('gotowebinar:index:Webhook', 'ghost', MISSING);
  expect(message).toContain(
    `Cannot import Webhook ${MISSING}: GoTo has no such Webhook for the credentials of the default account (GOTOWEBINAR_ACCESS_TOKEN); nothing was imported.`,
  );
  expect(message).toContain('`npx pulumi-gotowebinar import-file` lists every webhook the application has');
  expect(await imported()).toEqual([]);
});

test("another organizer's subscription through the default provider: the provider says whose it must be and how to import it", async () => {
  const api = fx.api();
  const [webhook] = await api.createWebhooks([{ callbackUrl: `${fx.receiver.baseUrl}/bobs`, eventName: 'registrant.added' }]);
  const [bobs] = await fx.api(1).createUserSubscriptions([{ webhookKey: webhook!.webhookKey }]);
  const key = bobs!.subscriptionKey;

  const message = await importFailure(SUBSCRIPTION, 'bobs-subscription', key);
  expect(message).toContain(
    `Cannot import UserSubscription ${key}: GoTo has no such UserSubscription for the credentials of the default account (GOTOWEBINAR_ACCESS_TOKEN)`,
  );
  expect(message).toContain("A subscription belongs to the organizer who made it");
  expect(message).toContain('--provider NAME=<its URN>');
  expect(message).toContain('`npx pulumi-gotowebinar import-file --organizer NAME`');
  expect(await imported()).toEqual([]);
  expect(fx.sim.state().userSubscriptions.map((s) => s.userSubscriptionKey)).toEqual([key]); // nothing changed at GoTo

  // The advice: a provider of bob's (`organizer: bob`), made by `pulumi up`, then the import through it.
  fs.appendFileSync(path.join(dir, 'Pulumi.yaml'), BOB_PROVIDER);
  await run(stack, 'up');
  await stack.stack.import({ resources: [{ ...bobsProvider(), type: SUBSCRIPTION, name: 'bobs-subscription', id: key }], nameTable: await nameTable(), protect: false, generateCode: false });
  expect((await imported()).map((r) => r.id)).toEqual([key]);
});

test("through an organizer's provider, a missing key names that organizer's profile", async () => {
  const message = await importFailure(SUBSCRIPTION, 'ghost-subscription', MISSING, { ...bobsProvider(), nameTable: await nameTable() });
  expect(message).toContain(
    `Cannot import UserSubscription ${MISSING}: GoTo has no such UserSubscription for the credentials of the organizer profile bob (GOTOWEBINAR_ORGANIZER_BOB_REFRESH_TOKEN)`,
  );
  expect((await imported()).map((r) => r.urn.split('::').pop())).toEqual(['bobs-subscription']);
});
