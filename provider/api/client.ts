/**
 * GoToWebinar webhooks API client: one typed method per operation of GoTo's published spec (its writes take arrays),
 * plus `find…` forms of the keyed reads that answer undefined for a 404. Names in and out are the resource model's
 * (see types.ts); wire.ts translates.
 *
 * A client keeps its own token cache, rate limiter and consistency bookkeeping (session.ts): send everything for one
 * token through one client. It knows nothing of Pulumi; gathering one-object writes into array requests is the
 * provider runtime's business (provider/runtime/connection/).
 */
import type { Clock } from './clock';
import { DEFAULT_PRODUCT } from './types';
import { consistencyTimeoutError, GoToApiError, GoToConfigError, invalidArgumentError, isNotFound, unreadableAnswerError } from './errors';
import type { RateLimit } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { createSession, Session } from './session';
import { Transport } from './transport';
import { CLIENT_OPTION_NAMES, type SettingNames } from './setting-names';
import type { RefreshTokenRotated } from './token-source';
import type {
  CreateUserSubscriptionArgs,
  CreateWebhookArgs,
  Credentials,
  SecretKey,
  UpdateUserSubscriptionArgs,
  UpdateWebhookArgs,
  UserSubscription,
  Webhook,
} from './types';
import type { AuthorizedUser } from './token-answer';
import * as wire from './wire';

export const DEFAULT_API_URL = 'https://api.getgo.com/G2W/rest/v2';
export const DEFAULT_AUTH_URL = 'https://authentication.logmeininc.com/oauth/token';

export interface GoToClientOptions {
  credentials: Credentials;
  /** Default https://api.getgo.com/G2W/rest/v2 */
  apiUrl?: string;
  /** OAuth token endpoint. Default https://authentication.logmeininc.com/oauth/token */
  authUrl?: string;
  /** Client-side limit of this client's requests (GoTo's is per token). Default 10 per 1.1 s. */
  rateLimit?: RateLimit;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** How long a webhook created by this process may stay invisible (404) before that is an error. Default 30 s. */
  consistencyTimeoutMs?: number;
  /** Hears about waits (rate limiting, backoff, consistency): for progress output. Never given a secret. */
  onProgress?: (message: string) => void;
  /** The clock of every wait (rate limit, backoff, consistency polls, token refresh); default the real one. */
  clock?: Clock;
  /**
   * Told once when GoTo answers a refresh with a new refresh token (the configured one is about to expire and must
   * be replaced where it was configured). Given where it was configured, never a token.
   */
  onRefreshTokenRotated?: RefreshTokenRotated;
  /**
   * What messages call each setting, when the caller takes them from elsewhere than these options (the provider
   * passes its stack config keys); default the options' own names.
   */
  settingNames?: SettingNames;
}

export class GoToClient {
  readonly apiUrl: string;
  private readonly session: Session;
  private readonly transport: Transport;
  /** How long a key this client created may stay invisible at GoTo (its consistency lag). */
  readonly consistencyTimeoutMs: number;

  constructor(options: GoToClientOptions) {
    this.apiUrl = checkUrl(options.apiUrl ?? DEFAULT_API_URL, 'apiUrl');
    const authUrl = checkUrl(options.authUrl ?? DEFAULT_AUTH_URL, 'authUrl');
    const timeoutMs = options.timeoutMs ?? 30_000;
    const names = options.settingNames ?? CLIENT_OPTION_NAMES;
    this.session = createSession(options.credentials, {
      authUrl,
      rateLimit: options.rateLimit,
      timeoutMs,
      clock: options.clock,
      onRefreshTokenRotated: options.onRefreshTokenRotated,
      names,
    });
    this.consistencyTimeoutMs = options.consistencyTimeoutMs ?? 30_000;
    this.transport = new Transport(this.session, {
      apiUrl: this.apiUrl,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      timeoutMs,
      onProgress: options.onProgress,
      names,
    });
  }

  /**
   * Whose credentials these are, as GoTo's token endpoint said when it last issued a token (for a personal access
   * token or a refresh token; undefined for a static access token, which GoTo hands out without saying). Gets a
   * token first if there is none, so it also proves that the token endpoint accepts the credentials.
   */
  async signedInUser(): Promise<AuthorizedUser | undefined> {
    await this.session.tokens.token();
    return this.session.tokens.user?.();
  }

  // ---- webhooks ------------------------------------------------------------------------------------------------

  /** `POST /webhooks`. New webhooks are INACTIVE until activated with updateWebhooks. Never retried blindly. */
  async createWebhooks(webhooks: CreateWebhookArgs[]): Promise<Webhook[]> {
    nonEmptyArray(webhooks, 'createWebhooks');
    const body = await this.transport.call({
      operation: 'createWebhooks',
      method: 'POST',
      path: '/webhooks',
      json: webhooks.map(wire.createWebhookBody),
      items: webhooks.length,
    });
    const created = this.read('createWebhooks', () => wire.readList(body, 'webhooks').map(wire.readWebhook));
    const now = this.session.clock.now();
    for (const w of created) this.session.recentlyCreated.set(w.webhookKey, now);
    return created;
  }

  /**
   * Treats a webhook found right after a create whose answer was lost as created moments ago: GoTo may list it
   * before it can be read or changed by key, so reads and updates of it wait out the lag as for one created here.
   */
  noteCreatedWebhook(webhookKey: string): void {
    if (!this.session.recentlyCreated.has(webhookKey)) this.session.recentlyCreated.set(webhookKey, this.session.clock.now());
  }

  /** Whether a webhook was created moments ago and may still be invisible to keyed reads and updates. */
  isSettling(webhookKey: string): boolean {
    return this.consistencyDeadline([webhookKey]) !== undefined;
  }

  /** `PUT /webhooks`: change callbackUrl and/or state. Waits out consistency lag for keys created moments ago. */
  async updateWebhooks(updates: UpdateWebhookArgs[]): Promise<void> {
    nonEmptyArray(updates, 'updateWebhooks');
    const keys = updates.map((u) => u.webhookKey);
    await this.transport.call({
      operation: 'updateWebhooks',
      method: 'PUT',
      path: '/webhooks',
      json: updates.map(wire.updateWebhookBody),
      items: updates.length,
      key: keys.join(','),
      notFoundRetryUntil: this.consistencyDeadline(keys),
    });
    // GoTo accepted the keys, so it sees them now: a later 404 means deleted, not "not visible yet".
    for (const k of keys) this.session.recentlyCreated.delete(k);
  }

  /** `GET /webhooks/{webhookKey}`. A 404 is an error (see isNotFound) unless the key was created moments ago. */
  async getWebhook(webhookKey: string): Promise<Webhook> {
    nonEmptyKey(webhookKey, 'getWebhook');
    return this.fetchWebhook(webhookKey, this.consistencyDeadline([webhookKey]));
  }

  /** The webhook, or undefined when GoTo answers 404 (deleted, or never existed for these credentials). */
  async findWebhook(webhookKey: string): Promise<Webhook | undefined> {
    try {
      return await this.getWebhook(webhookKey);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * Polls `GET /webhooks/{key}` until GoTo shows a just-created webhook, for up to `timeoutMs`
   * (default: consistencyTimeoutMs). Backoff grows from 200 ms to 2 s; progress is reported.
   */
  async waitForWebhook(webhookKey: string, timeoutMs = this.consistencyTimeoutMs): Promise<Webhook> {
    const started = this.session.clock.now();
    try {
      return await this.fetchWebhook(webhookKey, started + timeoutMs);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      throw consistencyTimeoutError(webhookKey, this.session.clock.now() - started);
    }
  }

  /** `GET /webhooks?product=g2w`: the application's webhooks. */
  async listWebhooks(product: string = DEFAULT_PRODUCT): Promise<Webhook[]> {
    const body = await this.transport.call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks', searchParams: { product } });
    return this.read('listWebhooks', () => wire.readList(body, 'webhooks').map(wire.readWebhook));
  }

  /** `DELETE /webhooks` (202: GoTo may finish asynchronously). A 404 means a key is already gone. */
  async deleteWebhooks(webhookKeys: string[]): Promise<void> {
    nonEmptyArray(webhookKeys, 'deleteWebhooks');
    await this.transport.call({
      operation: 'deleteWebhooks',
      method: 'DELETE',
      path: '/webhooks',
      json: webhookKeys,
      items: webhookKeys.length,
      key: webhookKeys.join(','),
    });
    for (const k of webhookKeys) this.session.recentlyCreated.delete(k);
  }

  // ---- secret keys ---------------------------------------------------------------------------------------------

  /**
   * `POST /webhooks/secretkey`: a new signing key for the application, in force from `validFrom` (ISO 8601) or at
   * once. GoTo shows the value only in this answer: there is no way to read or delete a key later.
   */
  async createSecretKey(options: { validFrom?: string } = {}): Promise<SecretKey> {
    const body = await this.transport.call({
      operation: 'createSecretKey',
      method: 'POST',
      path: '/webhooks/secretkey',
      json: options.validFrom === undefined ? {} : { validFrom: options.validFrom },
    });
    const key = this.read('createSecretKey', () => wire.readSecretKey(body));
    this.session.redactor.add(key.secretKey);
    return key;
  }

  // ---- user subscriptions --------------------------------------------------------------------------------------

  /** `POST /userSubscriptions`: subscriptions of the token's user (ACTIVE unless said otherwise). */
  async createUserSubscriptions(subscriptions: CreateUserSubscriptionArgs[]): Promise<UserSubscription[]> {
    nonEmptyArray(subscriptions, 'createUserSubscriptions');
    const body = await this.transport.call({
      operation: 'createUserSubscriptions',
      method: 'POST',
      path: '/userSubscriptions',
      json: subscriptions.map(wire.createUserSubscriptionBody),
      items: subscriptions.length,
      key: subscriptions.map((s) => s.webhookKey).join(','),
    });
    return this.read('createUserSubscriptions', () =>
      wire.readList(body, 'userSubscriptions').map(wire.readUserSubscription),
    );
  }

  /** `PUT /userSubscriptions`: change callbackUrl and/or userSubscriptionState. */
  async updateUserSubscriptions(updates: UpdateUserSubscriptionArgs[]): Promise<void> {
    nonEmptyArray(updates, 'updateUserSubscriptions');
    await this.transport.call({
      operation: 'updateUserSubscriptions',
      method: 'PUT',
      path: '/userSubscriptions',
      json: updates.map(wire.updateUserSubscriptionBody),
      items: updates.length,
      key: updates.map((u) => u.subscriptionKey).join(','),
    });
  }

  /** `GET /userSubscriptions/{key}` of the token's user. */
  async getUserSubscription(subscriptionKey: string): Promise<UserSubscription> {
    nonEmptyKey(subscriptionKey, 'getUserSubscription');
    const body = await this.transport.call({
      operation: 'getUserSubscription',
      method: 'GET',
      path: `/userSubscriptions/${encodeURIComponent(subscriptionKey)}`,
      key: subscriptionKey,
    });
    return this.read('getUserSubscription', () => wire.readUserSubscription(body));
  }

  /** The subscription, or undefined when GoTo answers 404. */
  async findUserSubscription(subscriptionKey: string): Promise<UserSubscription | undefined> {
    try {
      return await this.getUserSubscription(subscriptionKey);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** `GET /userSubscriptions?product=g2w`: the token's user's subscriptions. */
  async listUserSubscriptions(product: string = DEFAULT_PRODUCT): Promise<UserSubscription[]> {
    const body = await this.transport.call({
      operation: 'listUserSubscriptions',
      method: 'GET',
      path: '/userSubscriptions',
      searchParams: { product },
    });
    return this.read('listUserSubscriptions', () =>
      wire.readList(body, 'userSubscriptions').map(wire.readUserSubscription),
    );
  }

  /** `DELETE /userSubscriptions` (202). A 404 means a key is already gone. */
  async deleteUserSubscriptions(subscriptionKeys: string[]): Promise<void> {
    nonEmptyArray(subscriptionKeys, 'deleteUserSubscriptions');
    await this.transport.call({
      operation: 'deleteUserSubscriptions',
      method: 'DELETE',
      path: '/userSubscriptions',
      json: subscriptionKeys,
      items: subscriptionKeys.length,
      key: subscriptionKeys.join(','),
    });
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /** `GET /webhooks/{key}`; until `notFoundRetryUntil`, a 404 is taken for consistency lag and polled. */
  private async fetchWebhook(webhookKey: string, notFoundRetryUntil: number | undefined): Promise<Webhook> {
    const body = await this.transport.call({
      operation: 'getWebhook',
      method: 'GET',
      path: `/webhooks/${encodeURIComponent(webhookKey)}`,
      key: webhookKey,
      notFoundRetryUntil,
    });
    this.session.recentlyCreated.delete(webhookKey); // visible now
    return this.read('getWebhook', () => wire.readWebhook(body));
  }

  private consistencyDeadline(keys: string[]): number | undefined {
    let deadline: number | undefined;
    for (const k of keys) {
      const created = this.session.recentlyCreated.get(k);
      if (created === undefined) continue;
      const until = created + this.consistencyTimeoutMs;
      if (until <= this.session.clock.now()) this.session.recentlyCreated.delete(k);
      else deadline = Math.max(deadline ?? 0, until);
    }
    return deadline;
  }

  private read<T>(operation: string, reader: () => T): T {
    try {
      return reader();
    } catch (err) {
      if (err instanceof wire.WireShapeError) throw this.shapeError(operation, err.message);
      throw err;
    }
  }

  private shapeError(operation: string, detail: string): GoToApiError {
    const message = this.session.redactor.scrub(
      `GoToWebinar ${operation} answered in an unexpected shape: ${detail}. Check that apiUrl points at ` +
        "GoToWebinar's REST API (…/G2W/rest/v2).",
    );
    return unreadableAnswerError(message, { operation });
  }
}

const invalidArgument = invalidArgumentError;

function nonEmptyArray(items: unknown[], operation: string): void {
  if (!Array.isArray(items) || items.length === 0) throw invalidArgument(`${operation} needs a non-empty array.`);
}

/**
 * Keys are opaque, but a keyed read puts one in the URL path (encoded): a key that is empty or a dot segment (`.`,
 * `..`, `%2e`, … which URL parsing resolves away) would address another path, e.g. the whole collection.
 */
function nonEmptyKey(key: unknown, operation: string): void {
  if (typeof key !== 'string' || key.trim() === '') throw invalidArgument(`${operation} needs a non-empty key string.`);
  if (/^(?:\.|%2e){1,2}$/i.test(key)) {
    throw invalidArgument(`${operation}: ${JSON.stringify(key)} cannot be a key (a URL path would resolve it away).`);
  }
}

function checkUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GoToConfigError(`${name} is not a valid absolute URL (expected e.g. https://api.getgo.com/G2W/rest/v2).`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new GoToConfigError(`${name} must be an http(s) URL, got "${parsed.protocol}".`);
  }
  if (parsed.username || parsed.password || parsed.search) {
    throw new GoToConfigError(`${name} must not carry credentials or a query string.`);
  }
  return url.replace(/\/+$/, '');
}
