/**
 * GoToWebinar webhooks API client: one typed method per operation of GoTo's published spec. Names in and out are
 * the resource model's (see types.ts); wire.ts translates.
 *
 * The plural write methods send one array request. The singular ones (createWebhook, updateWebhook, …) are what
 * resources use: calls of the same kind made close together by any client of the same credentials in the process
 * are coalesced into array requests (write-batches.ts); `maxBatchSize: 1` sends each alone.
 */
import type { Clock } from './clock';
import { GoToApiError, GoToConfigError, isNotFound } from './errors';
import type { RateLimit } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry-policy';
import { sessionFor, Session } from './session';
import { Transport } from './transport';
import { DEFAULT_MAX_BATCH_SIZE, WriteBatches } from './write-batches';
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
import * as wire from './wire';

export const DEFAULT_API_URL = 'https://api.getgo.com/G2W/rest/v2';
export const DEFAULT_AUTH_URL = 'https://authentication.logmeininc.com/oauth/token';

export interface GoToClientOptions {
  credentials: Credentials;
  /** Default https://api.getgo.com/G2W/rest/v2 */
  apiUrl?: string;
  /** OAuth token endpoint. Default https://authentication.logmeininc.com/oauth/token */
  authUrl?: string;
  /** Client-side limit, shared by every client in the process using the same credentials. Default 10 per 1.1 s. */
  rateLimit?: RateLimit;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** How long a webhook created by this process may stay invisible (404) before that is an error. Default 30 s. */
  consistencyTimeoutMs?: number;
  /** Hears about waits (rate limiting, backoff, consistency): for progress output. Never given a secret. */
  onProgress?: (message: string) => void;
  /** Most objects in one array request made of coalesced one-object calls (default 100); 1 turns coalescing off. */
  maxBatchSize?: number;
  /**
   * The clock of every wait (rate limit, backoff, consistency polls, token refresh); default the real one. It is the
   * session's: only the first client of these credentials and URLs sets it.
   */
  clock?: Clock;
}

/** Per session (credentials) and batch size: the coalescers every client of those credentials shares. */
const writeBatches = new WeakMap<Session, Map<number, WriteBatches>>();
/** Per session: list requests in flight, which concurrent identical lists join instead of sending their own. */
const listsInFlight = new WeakMap<Session, Map<string, Promise<unknown>>>();

export class GoToClient {
  readonly apiUrl: string;
  private readonly session: Session;
  private readonly transport: Transport;
  /** How long a key this client created may stay invisible at GoTo (its consistency lag). */
  readonly consistencyTimeoutMs: number;
  readonly maxBatchSize: number;
  private readonly onProgress?: (message: string) => void;

  constructor(options: GoToClientOptions) {
    this.apiUrl = checkUrl(options.apiUrl ?? DEFAULT_API_URL, 'apiUrl');
    const authUrl = checkUrl(options.authUrl ?? DEFAULT_AUTH_URL, 'authUrl');
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.session = sessionFor(options.credentials, {
      apiUrl: this.apiUrl,
      authUrl,
      rateLimit: options.rateLimit,
      timeoutMs,
      clock: options.clock,
    });
    this.consistencyTimeoutMs = options.consistencyTimeoutMs ?? 30_000;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) {
      throw new GoToConfigError(`maxBatchSize must be a whole number of 1 or more, got ${this.maxBatchSize}.`);
    }
    this.onProgress = options.onProgress;
    this.transport = new Transport(this.session, {
      apiUrl: this.apiUrl,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      timeoutMs,
      onProgress: options.onProgress,
    });
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

  /** One webhook, sent with others made at about the same time (one `POST /webhooks`). */
  createWebhook(webhook: CreateWebhookArgs): Promise<Webhook> {
    return this.batches().createWebhook.submit(webhook);
  }

  /** One webhook change, coalesced into a `PUT /webhooks` (waits out consistency lag as updateWebhooks does). */
  updateWebhook(update: UpdateWebhookArgs): Promise<void> {
    const batches = this.batches();
    const isNew = this.consistencyDeadline([update.webhookKey]) !== undefined;
    return (isNew ? batches.updateNewWebhook : batches.updateWebhook).submit(update);
  }

  /** One webhook deleted, coalesced into a `DELETE /webhooks`. A 404 means it is already gone. */
  deleteWebhook(webhookKey: string): Promise<void> {
    nonEmptyKey(webhookKey, 'deleteWebhook');
    return this.batches().deleteWebhook.submit(webhookKey);
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
      throw new GoToApiError(
        `GoToWebinar webhook ${webhookKey} was created but is still not readable after ` +
          `${Math.round((this.session.clock.now() - started) / 1000)}s. GoTo is eventually consistent; run the operation again ` +
          '(it will find the webhook), or raise consistencyTimeoutMs.',
        { code: 'ERR_GOTO_CONSISTENCY_TIMEOUT', operation: 'waitForWebhook', key: webhookKey, status: 404 },
      );
    }
  }

  /** `GET /webhooks?product=g2w`: the application's webhooks. */
  async listWebhooks(product = 'g2w'): Promise<Webhook[]> {
    const body = await this.sharedList(`webhooks?${product}`, () =>
      this.transport.call({ operation: 'listWebhooks', method: 'GET', path: '/webhooks', searchParams: { product } }),
    );
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

  /** One subscription, coalesced into a `POST /userSubscriptions`. */
  createUserSubscription(subscription: CreateUserSubscriptionArgs): Promise<UserSubscription> {
    return this.batches().createUserSubscription.submit(subscription);
  }

  /** One subscription change, coalesced into a `PUT /userSubscriptions`. */
  updateUserSubscription(update: UpdateUserSubscriptionArgs): Promise<void> {
    return this.batches().updateUserSubscription.submit(update);
  }

  /** One subscription deleted, coalesced into a `DELETE /userSubscriptions`. A 404 means it is already gone. */
  deleteUserSubscription(subscriptionKey: string): Promise<void> {
    nonEmptyKey(subscriptionKey, 'deleteUserSubscription');
    return this.batches().deleteUserSubscription.submit(subscriptionKey);
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
  async listUserSubscriptions(product = 'g2w'): Promise<UserSubscription[]> {
    const body = await this.sharedList(`userSubscriptions?${product}`, () =>
      this.transport.call({
        operation: 'listUserSubscriptions',
        method: 'GET',
        path: '/userSubscriptions',
        searchParams: { product },
      }),
    );
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

  private batches(): WriteBatches {
    let bySize = writeBatches.get(this.session);
    if (!bySize) writeBatches.set(this.session, (bySize = new Map()));
    let batches = bySize.get(this.maxBatchSize);
    if (!batches) {
      // The first client of these credentials sends for all of them: clients differ only in options that the
      // plugin sets alike for every resource (URLs and credentials are the session's own).
      batches = new WriteBatches(this, { maxBatchSize: this.maxBatchSize, onProgress: this.onProgress });
      bySize.set(this.maxBatchSize, batches);
    }
    return batches;
  }

  /**
   * A list request already in flight for the same credentials answers this one too: after a failed batch create,
   * every resource of the batch looks for its object at once, and one list shows them all. (A list that started a
   * moment before is as good as a new one to those who poll it.)
   */
  private sharedList(what: string, send: () => Promise<unknown>): Promise<unknown> {
    let inFlight = listsInFlight.get(this.session);
    if (!inFlight) listsInFlight.set(this.session, (inFlight = new Map()));
    const running = inFlight.get(what);
    if (running) return running;
    const started = send().finally(() => inFlight!.delete(what));
    inFlight.set(what, started);
    return started;
  }

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
    return new GoToApiError(
      this.session.redactor.scrub(
        `GoToWebinar ${operation} answered in an unexpected shape: ${detail}. Check that apiUrl points at ` +
          "GoToWebinar's REST API (…/G2W/rest/v2).",
      ),
      { code: 'ERR_GOTO_RESPONSE', operation },
    );
  }
}

function nonEmptyArray(items: unknown[], operation: string): void {
  if (!Array.isArray(items) || items.length === 0) {
    throw new GoToApiError(`${operation} needs a non-empty array.`, {
      code: 'ERR_GOTO_INVALID_ARGUMENT',
      operation,
    });
  }
}

function nonEmptyKey(key: unknown, operation: string): void {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new GoToApiError(`${operation} needs a non-empty key string.`, {
      code: 'ERR_GOTO_INVALID_ARGUMENT',
      operation,
    });
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
