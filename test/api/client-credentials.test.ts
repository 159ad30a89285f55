/**
 * Credential paths against the simulator's real OAuth token endpoint: static token, refresh-token exchange,
 * caching, one shared refresh for concurrent callers, renewal after 403 InvalidToken, and the errors that say which
 * credential to fix. Every error provoked here is scanned for credential values.
 */
import { GoToApiError, GoToClient, GoToConfigError, isGoToApiError, isGoToConfigError } from '../../provider/api';
import { startSimulator } from '../../simulator';
import type { RunningSimulator } from '../../simulator/types';
import { expectNoSecrets, rejectionOf } from '../support/no-secrets';

let sim: RunningSimulator;
let secrets: string[];

// A simulator per test: a new URL means new client sessions, so no token cached by an earlier test is reused.
beforeEach(async () => {
  sim = await startSimulator();
  const [client] = sim.clients;
  secrets = [client.clientSecret, ...sim.users.flatMap((u) => [u.accessToken, u.refreshToken])];
});
afterEach(() => sim.stop());

function oauthClient(overrides: Partial<{ clientId: string; clientSecret: string; refreshToken: string }> = {}) {
  const user = sim.users[0];
  return new GoToClient({
    credentials: {
      clientId: user.clientId,
      clientSecret: sim.clients.find((c) => c.clientId === user.clientId)!.clientSecret,
      refreshToken: user.refreshToken,
      ...overrides,
    },
    apiUrl: sim.apiUrl,
    authUrl: sim.authUrl,
    retry: { baseDelayMs: 10 },
  });
}

const tokenCalls = () => sim.requests().filter((r) => r.kind === 'oauth');

test('a static access token is sent as a bearer token', async () => {
  const c = new GoToClient({ credentials: { accessToken: sim.users[1].accessToken }, apiUrl: sim.apiUrl });
  await c.listWebhooks();
  const [req] = sim.requests();
  expect(req).toMatchObject({ kind: 'api', status: 200, userKey: sim.users[1].userKey });
});

test('a refresh token is exchanged once (Basic auth, form body) and the token is cached', async () => {
  const c = oauthClient();
  await c.listWebhooks();
  await c.listUserSubscriptions();
  const oauth = tokenCalls();
  expect(oauth).toHaveLength(1);
  expect(oauth[0]).toMatchObject({ method: 'POST', path: '/oauth/token', status: 200 });
  expect(oauth[0].body).toMatchObject({ grant_type: 'refresh_token' });
  expect(sim.requests().filter((r) => r.kind === 'api').every((r) => r.userKey === sim.users[0].userKey)).toBe(true);
});

test('concurrent callers share one refresh', async () => {
  const c = oauthClient();
  await Promise.all(Array.from({ length: 8 }, () => c.listWebhooks()));
  expect(tokenCalls()).toHaveLength(1);
});

test('a 403 InvalidToken triggers one refresh and one retry, invisibly to the caller', async () => {
  const c = oauthClient();
  await c.listWebhooks(); // token cached
  sim.expireAccessTokens();
  sim.clearRequests();
  await expect(c.listWebhooks()).resolves.toEqual([]);
  expect(sim.requests().map((r) => `${r.kind} ${r.status}`)).toEqual(['api 403', 'oauth 200', 'api 200']);
});

test('a refused static token fails at once with a message naming the credential to fix', async () => {
  const c = new GoToClient({ credentials: { accessToken: 'expired-token-value-123' }, apiUrl: sim.apiUrl });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_UNAUTHORIZED', status: 403, gotoCode: 'InvalidToken' });
  expect(err.message).toMatch(/credentials\.accessToken/);
  expect(sim.requests()).toHaveLength(1);
  expectNoSecrets(err, [...secrets, 'expired-token-value-123']);
});

test('a wrong client secret names clientId/clientSecret', async () => {
  const err = (await rejectionOf(() => oauthClient({ clientSecret: 'wrong-secret-456' }).listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', status: 401, gotoCode: 'invalid_client' });
  expect(err.message).toMatch(/credentials\.clientSecret/);
  expectNoSecrets(err, [...secrets, 'wrong-secret-456']);
});

test('a wrong refresh token names refreshToken', async () => {
  const err = (await rejectionOf(() => oauthClient({ refreshToken: 'revoked-refresh-789' }).listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', status: 400, gotoCode: 'invalid_grant' });
  expect(err.message).toMatch(/credentials\.refreshToken/);
  expectNoSecrets(err, [...secrets, 'revoked-refresh-789']);
});

test('an unreachable token endpoint says which URL setting to check', async () => {
  const c = new GoToClient({
    credentials: { clientId: 'dev-client', clientSecret: 'some-secret-000', refreshToken: 'some-refresh-000' },
    apiUrl: sim.apiUrl,
    authUrl: 'http://127.0.0.1:9/oauth/token',
  });
  const err = (await rejectionOf(() => c.listWebhooks())) as GoToApiError;
  expect(err).toMatchObject({ code: 'ERR_GOTO_NETWORK', operation: 'oauthRefresh' });
  expect(err.message).toMatch(/the authUrl option/);
  expectNoSecrets(err, ['some-secret-000', 'some-refresh-000']);
});

test('missing or empty credentials name every way to provide them', () => {
  const incomplete = [
    { accessToken: '' },
    { clientId: 'x', clientSecret: '', refreshToken: '' },
    { clientId: 'x', clientSecret: 'y', personalAccessToken: ' ' },
  ] as const;
  for (const credentials of incomplete) {
    let err: unknown;
    try {
      new GoToClient({ credentials, apiUrl: sim.apiUrl });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_GOTO_CONFIG' });
    // The client knows nothing of Pulumi: it names its own options (the provider's settings name config keys).
    expect((err as Error).message).toMatch(
      /\{ accessToken \}, or .*\{ clientId, clientSecret, personalAccessToken \} or \{ clientId, clientSecret, refreshToken \}/,
    );
  }
});

test('configuration errors are GoToConfigError, not API errors: nothing was sent', () => {
  const attempts = [
    () => new GoToClient({ credentials: { accessToken: '' }, apiUrl: sim.apiUrl }),
    () => new GoToClient({ credentials: { accessToken: 'x' }, apiUrl: 'not a url' }),
    () => new GoToClient({ credentials: { accessToken: 'x' }, apiUrl: 'ftp://example.com' }),
  ];
  for (const attempt of attempts) {
    let err: unknown;
    try {
      attempt();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GoToConfigError);
    expect(isGoToConfigError(err)).toBe(true);
    expect(isGoToApiError(err)).toBe(false);
    expect(err).toMatchObject({ name: 'GoToConfigError', code: 'ERR_GOTO_CONFIG' });
  }
});

describe('when GoTo answers a refresh with a new refresh token', () => {
  let heard: string[];
  const onRefreshTokenRotated = (source: string) => void heard.push(source);
  beforeEach(() => {
    heard = [];
  });

  const labelled = () =>
    new GoToClient({
      credentials: {
        clientId: 'dev-client',
        clientSecret: 'dev-client-secret',
        refreshToken: sim.users[0].refreshToken,
        refreshTokenSource: 'gotowebinar:organizers.alice.refreshToken',
      },
      apiUrl: sim.apiUrl,
      authUrl: sim.authUrl,
      onRefreshTokenRotated,
    });

  test.each(['keep-old', 'revoke-old'] as const)(
    '(%s) the hook hears once, the label only, and later refreshes use the new token',
    async (mode) => {
      sim.setRefreshTokenRotation(mode);
      const c = labelled();
      await c.listWebhooks();
      // Each expiry forces a refresh: with revoke-old it succeeds only with the token GoTo handed out.
      for (let i = 0; i < 2; i++) {
        sim.expireAccessTokens();
        await expect(c.listWebhooks()).resolves.toEqual([]);
      }
      expect(tokenCalls().map((r) => r.status)).toEqual([200, 200, 200]);
      expect(heard).toEqual(['gotowebinar:organizers.alice.refreshToken']);
    },
  );

  test('without a label it names the default keys; with rotation off it stays silent', async () => {
    await new GoToClient({
      credentials: { clientId: 'dev-client', clientSecret: 'dev-client-secret', refreshToken: sim.users[0].refreshToken },
      apiUrl: sim.apiUrl,
      authUrl: sim.authUrl,
      onRefreshTokenRotated,
    }).listWebhooks();
    expect(heard).toEqual([]);
    sim.setRefreshTokenRotation('keep-old');
    const other = new GoToClient({
      credentials: { clientId: 'dev-client', clientSecret: 'dev-client-secret', refreshToken: sim.users[1].refreshToken },
      apiUrl: sim.apiUrl,
      authUrl: sim.authUrl,
      onRefreshTokenRotated,
    });
    await other.listWebhooks();
    expect(heard).toEqual(['credentials.refreshToken']);
  });
});
