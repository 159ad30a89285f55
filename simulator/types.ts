/**
 * Public contract of the GoToWebinar simulator: the options `startSimulator` takes and the handle it returns.
 * Wire shapes (what the HTTP API answers) follow GoTo's published GoToWebinar v2 webhooks API (GoTo's OpenAPI document
 * of it, not part of this repository), as README.md describes them.
 */

export type EventName =
  | 'registrant.added'
  | 'registrant.joined'
  | 'webinar.created'
  | 'webinar.changed'
  | 'survey.submitted';

export type ActiveState = 'ACTIVE' | 'INACTIVE';

/** An OAuth client ("application"). Secret keys and webhooks belong to a client. */
export interface SimClient {
  clientId: string;
  clientSecret: string;
  /**
   * Whether the client may use the personal_access_token grant (GoTo: the grant "Personal Access Token" enabled on
   * the client in the developer center). Default true.
   */
  personalAccessTokenGrant?: boolean;
  /**
   * The redirect URIs registered on the client. When set (non-empty), `/oauth/authorize` accepts only these, matched
   * exactly; absent or empty, any absolute redirect_uri (the simulator's leniency for scripted tests).
   */
  redirectUris?: string[];
}

/** A client's OAuth settings as the admin surface shows them (`GET /_sim/clients`): never the secret. */
export interface ClientSettings {
  clientId: string;
  /** Empty: any absolute redirect_uri is accepted. */
  redirectUris: string[];
  personalAccessTokenGrant: boolean;
}

/** What `issuePersonalAccessToken` / `POST /_sim/personal-access-tokens` answers. */
export interface IssuedPersonalAccessToken {
  token: string;
  userKey: string;
  /** The user's client: the only one the token can be exchanged with. */
  clientId: string;
  /** ISO 8601; absent: the token does not expire. */
  expiresAt?: string;
}

/**
 * How `GET /oauth/authorize` gets the user's decision: 'page' (default) shows a consent page (choose the user, Allow
 * or Deny); 'auto' approves at once, as the client's first user or the simulator-only `user_key` query parameter.
 */
export type OAuthConsentMode = 'page' | 'auto';

/** An organizer. User subscriptions belong to a user. */
export interface SimUser {
  /** GoTo's userKey (== organizerKey), a 64-bit integer as a decimal string. */
  userKey: string;
  email: string;
  /** Client the user's tokens are issued for. */
  clientId: string;
  /** A static access token that never expires (dev convenience); OAuth-issued tokens expire. */
  accessToken: string;
  /** A refresh token accepted by the token endpoint for this user and client. */
  refreshToken: string;
  /** A personal access token of this user for its client, that never expires (dev convenience). Default: none. */
  personalAccessToken?: string;
  /** GoTo's accountKey (64-bit decimal string), answered as `account_key` by the token endpoint. Default: derived. */
  accountKey?: string;
  /** Names used in generated event payloads. Default: derived from the email. */
  firstName?: string;
  lastName?: string;
}

/** Faults, all off by default; settable at start and at run time (`setFaults` or `PUT /_sim/faults`). */
export interface FaultSettings {
  /** Share (0..1) of API requests answered with 503 before they are processed. */
  serverErrorRate?: number;
  /** Added latency in ms for every API and OAuth request. */
  latencyMs?: number;
  /** For this many ms after a webhook is created, GET /webhooks/{key} and PUT /webhooks naming it answer 404. */
  notFoundAfterCreateMs?: number;
  /** Share (0..1) of API requests whose connection is destroyed without any answer. */
  dropConnectionRate?: number;
  /** Share of requests APPLIED and then left unanswered (connection destroyed after the change): 0..1. */
  lostAnswerRate?: number;
  /** The next N API requests are answered 429 (no Retry-After), whatever the rate. Counts down. */
  tooManyRequestsBurst?: number;
  /**
   * Every API request is answered 429 (no Retry-After) for this many ms from when it is set, as when someone else
   * uses up the same token's limit for a while. Read back, it is what is left of the period; 0 ends it.
   */
  tooManyRequestsForMs?: number;
  /** Seed of the pseudo-random generator that decides rate-based faults (default 1). */
  seed?: number;
}

/**
 * Whether refreshes answer a new refresh token ("the old one is about to expire"): 'off' (default, GoTo's usual
 * answer), 'keep-old' (the used token keeps working: it has not expired yet) or 'revoke-old' (it stops at once).
 */
export type RefreshTokenRotation = 'off' | 'keep-old' | 'revoke-old';

export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** 'strict' (default): only the published spec. 'sketch-compatible': also the founding sketch's variants. */
  mode?: 'strict' | 'sketch-compatible';
  /** Accept http:// callback URLs on loopback hosts (tests, demo). Default false: https only. */
  allowLoopbackHttp?: boolean;
  /** Per-token limit of API requests in any 1 s window; excess gets 429 without Retry-After. Default 10; 0 = off. */
  rateLimitPerSecond?: number;
  /** Lifetime of OAuth-issued access tokens in seconds (default 3600). */
  tokenTtlSeconds?: number;
  faults?: FaultSettings;
  /** Defaults: DEV_CLIENT and DEV_USERS. */
  clients?: SimClient[];
  users?: SimUser[];
  /** Called with one line per notable event (request served, delivery made). Default: silent. */
  log?: (line: string) => void;
  /** Length of the rate-limit window in ms (default 1000, GoTo's "per second"); smaller values keep tests fast. */
  rateLimitWindowMs?: number;
  /** Timeout of the GET that validates a callbackUrl (default 3000 ms). */
  callbackTimeoutMs?: number;
  /** Timeout of one event delivery POST (default 5000 ms). */
  deliveryTimeoutMs?: number;
  /**
   * The form of minted webhookKey / userSubscriptionKey values: 'decimal' (default), 'uuid' or 'mixed'. GoTo's spec
   * says only "string": a client must not depend on the form (see ids.ts).
   */
  keyShape?: 'decimal' | 'uuid' | 'mixed';
  /** Default 'off'; see RefreshTokenRotation. Also `setRefreshTokenRotation()` and `PUT /_sim/tokens/rotation`. */
  refreshTokenRotation?: RefreshTokenRotation;
  /**
   * Largest array a write (POST/PUT/DELETE of /webhooks or /userSubscriptions) accepts; above it the request is
   * refused with 400. GoTo publishes no limit, so the default is none (0); a client must find a limit by itself.
   */
  maxBatchSize?: number;
  /** Default 'page'; see OAuthConsentMode. Also `setOauthConsent()` and `PUT /_sim/oauth`. */
  oauthConsent?: OAuthConsentMode;
}

/** One entry of the request log (`GET /_sim/requests`). Authorization is never logged, only who it named. */
export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  /** Path without query, e.g. /G2W/rest/v2/webhooks */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or the raw text when it was not JSON; undefined when empty). */
  body?: unknown;
  status: number;
  /** userKey the bearer token resolved to, when it did. */
  userKey?: string;
  /** 'api' | 'oauth' */
  kind: 'api' | 'oauth';
}

export interface StoredWebhook {
  webhookKey: string;
  clientId: string;
  callbackUrl: string;
  eventName: EventName;
  eventVersion: string;
  product: 'g2w';
  state: ActiveState;
  createTime: string;
}

export interface StoredUserSubscription {
  userSubscriptionKey: string;
  userKey: string;
  webhookKey: string;
  callbackUrl?: string;
  userSubscriptionState: ActiveState;
  createTime: string;
}

export interface StoredSecretKey {
  id: number;
  clientId: string;
  value: string;
  validFrom: string;
  createTime: string;
}

export interface SimulatorState {
  webhooks: StoredWebhook[];
  userSubscriptions: StoredUserSubscription[];
  secretKeys: StoredSecretKey[];
}

export interface FireEventRequest {
  eventName: EventName;
  /** Fields merged over the generated payload (eventKey, webinarKey, …). */
  payload?: Record<string, unknown>;
}

export interface Delivery {
  url: string;
  webhookKey: string;
  userSubscriptionKey?: string;
  status?: number;
  error?: string;
  signed: boolean;
  /** The exact body text posted. */
  body: string;
  /** Value of X-Webhook-Signature-Timestamp (also present when unsigned, for correlation). */
  timestamp?: string;
  /** Value of X-Webhook-Signature, when signed. */
  signature?: string;
  /** id of the secret key that signed it, when signed. */
  secretKeyId?: number;
}

/** The simulator's OAuth knobs: personal access tokens, the clients' settings and the consent mode (oauth-control.ts). */
export interface OAuthControl {
  /** A new personal access token of that user, for the user's client; throws for an unknown userKey. */
  issuePersonalAccessToken(userKey: string, options?: { expiresInSeconds?: number }): IssuedPersonalAccessToken;
  /** From now on the token answers invalid_grant (access tokens already got from it stay valid until they expire). */
  revokePersonalAccessToken(token: string): void;
  /** The token expires now (invalid_grant from now on); throws for an unknown token. */
  expirePersonalAccessToken(token: string): void;
  /** One client's OAuth settings; throws for an unknown client. */
  clientSettings(clientId: string): ClientSettings;
  /** Every client's OAuth settings (what `GET /_sim/clients` answers). */
  listClientSettings(): ClientSettings[];
  /** Changes the given settings of a client and answers all of them; throws for an unknown client or a bad value. */
  setClientSettings(clientId: string, settings: Partial<Omit<ClientSettings, 'clientId'>>): ClientSettings;
  /** How `/oauth/authorize` gets the user's decision now. */
  oauthConsent(): OAuthConsentMode;
  setOauthConsent(mode: OAuthConsentMode): void;
}

export interface RunningSimulator extends OAuthControl {
  /** Origin, e.g. http://127.0.0.1:43123 */
  url: string;
  /** `${url}/G2W/rest/v2` */
  apiUrl: string;
  /** `${url}/oauth/token` */
  authUrl: string;
  /** `${url}/oauth/authorize` */
  authorizeUrl: string;
  clients: SimClient[];
  users: SimUser[];
  state(): SimulatorState;
  /** Adds objects with their own keys, in the shape `state()` answers (also `POST /_sim/seed`). */
  seed(state: Partial<SimulatorState>): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  setFaults(faults: FaultSettings): void;
  /** Requests per token per window (0 = off); `windowMs` (optional) also changes the window length (default 1000). */
  setRateLimit(perSecond: number, windowMs?: number): void;
  /** Expire every OAuth-issued access token (the next call with one gets 403 InvalidToken); static dev tokens stay valid. */
  expireAccessTokens(): void;
  /** Whether refreshes answer a new refresh token from now on (see RefreshTokenRotation). */
  setRefreshTokenRotation(mode: RefreshTokenRotation): void;
  fireEvent(request: FireEventRequest): Promise<Delivery[]>;
  reset(): void;
  stop(): Promise<void>;
  /** Current fault settings (what `GET /_sim/faults` answers). */
  faults?(): FaultSettings;
}
