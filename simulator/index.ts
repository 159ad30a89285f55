/**
 * GoToWebinar API simulator: a real HTTP server on loopback that behaves like GoTo's published webhooks API, with
 * OAuth, signed event delivery, a rate limit, injectable faults and an admin surface.
 *
 * What it follows: GoTo's OpenAPI document of the GoToWebinar v2 webhooks API (array bodies for every write, `state`,
 * `userSubscriptionKey`, a secret key's `value`, answers in `_embedded` lists). Where that document is silent (the
 * form of keys and timestamps, a batch limit, how long a new webhook stays invisible), the simulator makes a choice
 * and can vary it (key shapes, faults), so that a client cannot come to depend on any one choice.
 *
 * Two modes. `strict` (the default) is the published API alone. `sketch-compatible` also accepts the shapes of the
 * founding sketch: an early, unofficial outline of the API this project started from, which named fields after the
 * resource model (`webhookState`, `subscriptionKey`) and created one object per request. Clients written against
 * the sketch fail against the strict mode with a 400 that names what to change.
 *
 *   const sim = await startSimulator({ allowLoopbackHttp: true });
 *   // sim.apiUrl, sim.authUrl, sim.users[0].accessToken, sim.fireEvent(...), await sim.stop()
 */
import type { AddressInfo } from 'node:net';
import type { SimContext } from './context';
import type { AdminControl } from './admin';
import type { FaultSettings, RunningSimulator, SimUser, SimulatorOptions } from './types';
import { DEV_CLIENT, DEV_USERS } from './dev-credentials';
import { Store } from './store';
import { REFRESH_TOKEN_ROTATIONS, Tokens } from './tokens';
import { PersonalAccessTokens } from './personal-access-tokens';
import { ConsentRequests } from './consent-requests';
import { checkClientOptions } from './client-settings';
import { OAUTH_CONSENT_MODES, oauthControl } from './oauth-control';
import { checkSeed } from './seed';
import { Faults } from './faults';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { fireEvent } from './delivery';
import { API_BASE, createSimServer } from './server';
import { KEY_SHAPES, newInt64Key } from './ids';

export * from './types';
export { DEV_CLIENT, DEV_USERS } from './dev-credentials';
export { API_BASE } from './server';
export { signEvent } from './delivery';
export { stringifyWithInt64 } from './int64-json';

/** Fills the optional user fields (accountKey, names) so payloads and token answers are complete. */
function completeUser(u: SimUser): SimUser {
  const local = u.email.split('@')[0] ?? 'user';
  const capital = local.charAt(0).toUpperCase() + local.slice(1);
  return {
    ...u,
    accountKey: u.accountKey ?? newInt64Key(),
    firstName: u.firstName ?? capital,
    lastName: u.lastName ?? 'Organizer',
  };
}

import { checkedBatchLimit } from './batch-limit';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const mode = options.mode ?? 'strict';
  if (mode !== 'strict' && mode !== 'sketch-compatible') throw new Error(`simulator: unknown mode ${String(mode)}`);
  // Copies (redirectUris too): setClientSettings changes the simulator's clients, never the caller's objects.
  const clients = (options.clients ?? [DEV_CLIENT]).map((c) => ({ ...c, ...(c.redirectUris ? { redirectUris: [...c.redirectUris] } : {}) }));
  clients.forEach(checkClientOptions);
  const users = (options.users ?? DEV_USERS).map(completeUser);
  const keyShape = options.keyShape ?? 'decimal';
  if (!KEY_SHAPES.includes(keyShape)) throw new Error(`simulator: keyShape must be one of ${KEY_SHAPES.join(', ')}, got ${String(keyShape)}`);
  const rotation = options.refreshTokenRotation ?? 'off';
  if (!REFRESH_TOKEN_ROTATIONS.includes(rotation)) throw new Error(`simulator: refreshTokenRotation must be one of ${REFRESH_TOKEN_ROTATIONS.join(', ')}`);
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!(ttl > 0)) throw new Error('simulator: tokenTtlSeconds must be > 0');
  // 'page' by default: the issue asks for a real consent page; scripted flows choose 'auto' (user_key, no page).
  const oauthConsent = options.oauthConsent ?? 'page';
  if (!OAUTH_CONSENT_MODES.includes(oauthConsent)) throw new Error(`simulator: oauthConsent must be one of ${OAUTH_CONSENT_MODES.join(', ')}`);

  const ctx: SimContext = {
    mode,
    allowLoopbackHttp: options.allowLoopbackHttp ?? false,
    callbackTimeoutMs: options.callbackTimeoutMs ?? 3000,
    maxBatchSize: checkedBatchLimit(options.maxBatchSize),
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 5000,
    store: new Store(keyShape),
    tokens: new Tokens(clients, users, ttl),
    personalAccessTokens: new PersonalAccessTokens(),
    oauthConsent,
    consents: new ConsentRequests(),
    faults: new Faults(options.faults ?? {}),
    rateLimiter: new RateLimiter(options.rateLimitPerSecond ?? 10, options.rateLimitWindowMs ?? 1000),
    requestLog: new RequestLog(),
    log: options.log ?? (() => undefined),
  };
  ctx.tokens.rotation = rotation;
  // The users' static personal access tokens, like their static refresh tokens: no expiry, revocable at run time.
  for (const u of users) {
    if (u.personalAccessToken !== undefined) ctx.personalAccessTokens.add(u.personalAccessToken, u.userKey, u.clientId);
  }

  const control: AdminControl = {
    ...oauthControl(ctx),
    state: () => ctx.store.snapshot(),
    seed: (state) => ctx.store.seed(checkSeed(state)),
    requests: () => ctx.requestLog.list(),
    clearRequests: () => ctx.requestLog.clear(),
    faults: () => ctx.faults.current(),
    setFaults: (f: FaultSettings) => ctx.faults.merge(f),
    rateLimit: () => ({ perSecond: ctx.rateLimiter.perWindow, windowMs: ctx.rateLimiter.window }),
    setRateLimit: (perSecond: number, windowMs?: number) => ctx.rateLimiter.set(perSecond, windowMs),
    expireAccessTokens: () => ctx.tokens.expireIssuedAccessTokens(),
    refreshTokenRotation: () => ctx.tokens.rotation,
    setRefreshTokenRotation: (mode) => {
      ctx.tokens.rotation = mode;
    },
    fireEvent: (request) => fireEvent(ctx, request),
    reset: () => {
      ctx.store.clear();
      ctx.requestLog.clear();
      ctx.rateLimiter.clear();
    },
  };

  const server = createSimServer(ctx, control);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  let stopped: Promise<void> | undefined;

  return {
    url,
    apiUrl: `${url}${API_BASE}`,
    authUrl: `${url}/oauth/token`,
    authorizeUrl: `${url}/oauth/authorize`,
    clients,
    users,
    state: control.state,
    seed: control.seed,
    requests: control.requests,
    clearRequests: control.clearRequests,
    setFaults: control.setFaults,
    faults: control.faults,
    setRateLimit: (perSecond: number, windowMs?: number) => control.setRateLimit(perSecond, windowMs),
    expireAccessTokens: () => {
      control.expireAccessTokens();
    },
    setRefreshTokenRotation: control.setRefreshTokenRotation,
    issuePersonalAccessToken: control.issuePersonalAccessToken,
    revokePersonalAccessToken: control.revokePersonalAccessToken,
    expirePersonalAccessToken: control.expirePersonalAccessToken,
    clientSettings: control.clientSettings,
    listClientSettings: control.listClientSettings,
    setClientSettings: control.setClientSettings,
    oauthConsent: control.oauthConsent,
    setOauthConsent: control.setOauthConsent,
    fireEvent: control.fireEvent,
    reset: control.reset,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
