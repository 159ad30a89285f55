/**
 * Personal access tokens against the simulator's token endpoint (GoTo's `personal_access_token` grant): exchanged
 * with Basic client authentication, cached and renewed like a refresh token's access tokens, and each refusal an
 * error that says what to do, names the setting the user wrote, and carries no credential.
 */
import { GoToApiError, GoToClient } from '../../provider/api';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { expectNoSecrets, rejectionOf } from '../support/no-secrets';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.stop());

const secretOf = (clientId: string) => sim.clients.find((c) => c.clientId === clientId)!.clientSecret;

function patClient(pat: string, user = sim.users[0]!, source?: string) {
  return new GoToClient({
    credentials: { clientId: user.clientId, clientSecret: secretOf(user.clientId), personalAccessToken: pat, personalAccessTokenSource: source },
    apiUrl: sim.apiUrl,
    authUrl: sim.authUrl,
    retry: { baseDelayMs: 10 },
  });
}

const tokenCalls = () => sim.requests().filter((r) => r.kind === 'oauth');

test('a personal access token is exchanged once (form body, Basic auth), the access token cached, and the user known', async () => {
  const user = sim.users[0]!;
  const { token } = sim.issuePersonalAccessToken(user.userKey);
  const c = patClient(token);
  await Promise.all([c.listWebhooks(), c.listUserSubscriptions(), c.listWebhooks()]);
  const oauth = tokenCalls();
  expect(oauth).toHaveLength(1);
  expect(oauth[0]).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200, body: { grant_type: 'personal_access_token' } });
  expect(JSON.stringify(sim.requests())).not.toContain(token);
  expect(sim.requests().filter((r) => r.kind === 'api').every((r) => r.userKey === user.userKey)).toBe(true);
  expect(await c.signedInUser()).toMatchObject({ principal: user.email, organizerKey: user.userKey });
});

test('an access token that expires is renewed with the personal access token, without the caller noticing', async () => {
  const { token } = sim.issuePersonalAccessToken(sim.users[0]!.userKey);
  const c = patClient(token);
  await c.listWebhooks();
  sim.expireAccessTokens();
  await c.listWebhooks();
  expect(tokenCalls().map((r) => r.status)).toEqual([200, 200]);
});

test.each([
  ['revoked', (t: string) => sim.revokePersonalAccessToken(t)],
  ['expired', (t: string) => sim.expirePersonalAccessToken(t)],
])('a %s token: ERR_GOTO_OAUTH naming the setting, saying to make a new one', async (_what, spoil) => {
  const { token } = sim.issuePersonalAccessToken(sim.users[0]!.userKey);
  spoil(token);
  const c = patClient(token, sim.users[0], 'gotowebinar:organizers.alice.personalAccessToken');
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', operation: 'oauthPersonalAccessToken', status: 400, gotoCode: 'invalid_grant' });
  expect(err.message).toMatch(/personal access token in gotowebinar:organizers\.alice\.personalAccessToken was refused: it was revoked, has expired, or was made for another OAuth client/);
  expect(err.message).toMatch(/Make a new one at myaccount\.goto\.com/);
  expect(sim.requests().filter((r) => r.kind === 'api')).toHaveLength(0);
  expectNoSecrets(err, [token, secretOf(sim.users[0]!.clientId)]);
});

test("a token of another OAuth client is refused the same way (GoTo ties a token to its client's scopes)", async () => {
  // A second application with its own organizer, beside the simulator's default one.
  const [a] = sim.clients;
  const other = { clientId: 'other-app', clientSecret: 'other-app-secret-000' };
  const stranger = { userKey: '7200000000000000042', email: 'stranger@other.example', clientId: other.clientId, accessToken: 'stranger-at-000', refreshToken: 'stranger-rt-000' };
  await sim.stop();
  sim = await startSimulator({ clients: [...sim.clients, other], users: [...sim.users, stranger] });
  const { token } = sim.issuePersonalAccessToken(stranger.userKey);
  const asA = new GoToClient({
    credentials: { clientId: a!.clientId, clientSecret: a!.clientSecret, personalAccessToken: token },
    apiUrl: sim.apiUrl,
    authUrl: sim.authUrl,
  });
  const err = (await rejectionOf(() => asA.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', gotoCode: 'invalid_grant' });
  expect(err.message).toMatch(/credentials\.personalAccessToken was refused/);
  expectNoSecrets(err, [token, a!.clientSecret]);
});

test('the grant turned off on the OAuth client: says to enable "Personal Access Token" in the developer center', async () => {
  const user = sim.users[0]!;
  const { token } = sim.issuePersonalAccessToken(user.userKey);
  sim.setClientSettings(user.clientId, { personalAccessTokenGrant: false });
  const err = (await rejectionOf(() => patClient(token).listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', gotoCode: 'unauthorized_client' });
  expect(err.message).toMatch(/may not use personal access tokens: enable the grant "Personal Access Token" on it in GoTo's developer center/);
  expectNoSecrets(err, [token]);
});

test('a wrong client secret names the client settings, not the token', async () => {
  const user = sim.users[0]!;
  const { token } = sim.issuePersonalAccessToken(user.userKey);
  const c = new GoToClient({
    credentials: { clientId: user.clientId, clientSecret: 'not-the-secret-000', personalAccessToken: token },
    apiUrl: sim.apiUrl,
    authUrl: sim.authUrl,
  });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', status: 401, gotoCode: 'invalid_client' });
  expect(err.message).toMatch(/check credentials\.clientId and credentials\.clientSecret/);
  expectNoSecrets(err, [token, 'not-the-secret-000']);
});
