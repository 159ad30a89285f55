/**
 * One organizer's way to GoTo, as the provider runtime uses it. The engine calls the provider one resource at a
 * time; GoTo's writes take arrays and its rate limit counts requests. So a write reads:
 *
 *   resource spec → Connection → coalescer (write-batches.ts) → GoToClient → transport → got
 *
 * and reads of many resources at once share a request: concurrent identical lists join the one in flight, and
 * diffs and refreshes are answered from a short-lived list snapshot (live-snapshot.ts). A write drops the snapshot
 * of its own kind once it has settled.
 *
 * The runtime makes one Connection per credentials (runtime.ts) and hands it to the specs; nothing here is
 * shared through the process.
 */
import { DEFAULT_PRODUCT, GoToClient, type AuthorizedUser, type GoToClientOptions } from '../../api';
import type {
  CreateUserSubscriptionArgs,
  CreateWebhookArgs,
  SecretKey,
  UpdateUserSubscriptionArgs,
  UpdateWebhookArgs,
  UserSubscription,
  Webhook,
} from '../../api';
import { LiveSnapshot } from './live-snapshot';
import { WriteBatches } from './write-batches';

export interface ConnectionOptions extends GoToClientOptions {
  /** Most objects in one array request (validated by the settings); 1 sends every call alone. */
  maxBatchSize: number;
  /** How long one list answer serves the reads of diff and refresh; 0: a GET per object. */
  readSnapshotMs: number;
}

export class Connection {
  /**
   * For the plain calls that need no gathering (single reads, a secret key). The specs call the Connection only
   * (test/architecture/imports.test.ts holds it); tests reach the client to make objects out of band.
   */
  readonly client: GoToClient;
  private readonly writes: WriteBatches;
  /** The lists in flight, by product. */
  private readonly webhookLists = new Map<string, Promise<Webhook[]>>();
  private readonly subscriptionLists = new Map<string, Promise<UserSubscription[]>>();
  private readonly webhooks: LiveSnapshot<Webhook>;
  private readonly subscriptions: LiveSnapshot<UserSubscription>;

  constructor(options: ConnectionOptions) {
    const { maxBatchSize, readSnapshotMs, ...clientOptions } = options;
    this.client = new GoToClient(clientOptions);
    this.writes = new WriteBatches(this.client, { maxBatchSize, onProgress: options.onProgress });
    this.webhooks = new LiveSnapshot(
      { list: () => this.listWebhooks(), keyOf: (w) => w.webhookKey, getOne: (key) => this.client.findWebhook(key) },
      readSnapshotMs,
    );
    // Subscriptions belong to a user: this connection's list is its organizer's own.
    this.subscriptions = new LiveSnapshot(
      {
        list: () => this.listUserSubscriptions(),
        keyOf: (s) => s.subscriptionKey,
        getOne: (key) => this.client.findUserSubscription(key),
      },
      readSnapshotMs,
    );
  }

  /** How long a webhook created here may stay invisible at GoTo. */
  get consistencyTimeoutMs(): number {
    return this.client.consistencyTimeoutMs;
  }

  /** Whose credentials this connection uses, as GoTo's token endpoint said (see GoToClient.signedInUser). */
  signedInUser(): Promise<AuthorizedUser | undefined> {
    return this.client.signedInUser();
  }

  // ---- webhooks ------------------------------------------------------------------------------------------------

  /**
   * A live webhook, or undefined when GoTo no longer has it. `fresh`: read it now (before changing it); otherwise
   * the shared snapshot may answer (diff, refresh).
   */
  readWebhook(webhookKey: string, fresh: boolean): Promise<Webhook | undefined> {
    return fresh ? this.client.findWebhook(webhookKey) : this.webhooks.find(webhookKey);
  }

  /** The application's webhooks; a list already in flight answers this call too. */
  listWebhooks(product: string = DEFAULT_PRODUCT): Promise<Webhook[]> {
    return this.shared(this.webhookLists, product, () => this.client.listWebhooks(product));
  }

  /** One webhook, sent with others made at about the same time (one `POST /webhooks`). */
  createWebhook(webhook: CreateWebhookArgs): Promise<Webhook> {
    return this.wrote(this.webhooks, this.writes.createWebhook.submit(webhook));
  }

  /**
   * A webhook this connection created but found by listing (after a lost answer): keyed reads and updates of it wait
   * out GoTo's consistency lag as for one it created itself.
   */
  noteCreatedWebhook(webhookKey: string): void {
    this.client.noteCreatedWebhook(webhookKey);
  }

  /** One webhook change, in a `PUT /webhooks` that waits out GoTo's consistency lag for keys created moments ago. */
  updateWebhook(update: UpdateWebhookArgs): Promise<void> {
    const batch = this.client.isSettling(update.webhookKey) ? this.writes.updateNewWebhook : this.writes.updateWebhook;
    return this.wrote(this.webhooks, batch.submit(update));
  }

  /** One webhook deleted, in a `DELETE /webhooks`. A 404 means it is already gone. */
  deleteWebhook(webhookKey: string): Promise<void> {
    return this.wrote(this.webhooks, this.writes.deleteWebhook.submit(webhookKey));
  }

  /** Extra webhooks found after a lost create, deleted in one request. */
  deleteWebhooks(webhookKeys: string[]): Promise<void> {
    return this.wrote(this.webhooks, this.client.deleteWebhooks(webhookKeys));
  }

  // ---- user subscriptions --------------------------------------------------------------------------------------

  /** A live subscription of this organizer, or undefined when gone (`fresh` as for readWebhook). */
  readUserSubscription(subscriptionKey: string, fresh: boolean): Promise<UserSubscription | undefined> {
    return fresh ? this.client.findUserSubscription(subscriptionKey) : this.subscriptions.find(subscriptionKey);
  }

  /** A subscription of this organizer, read now; a GoToApiError (ERR_GOTO_NOT_FOUND) when it is gone. */
  getUserSubscription(subscriptionKey: string): Promise<UserSubscription> {
    return this.client.getUserSubscription(subscriptionKey);
  }

  /** This organizer's subscriptions; a list already in flight answers this call too. */
  listUserSubscriptions(product: string = DEFAULT_PRODUCT): Promise<UserSubscription[]> {
    return this.shared(this.subscriptionLists, product, () => this.client.listUserSubscriptions(product));
  }

  createUserSubscription(subscription: CreateUserSubscriptionArgs): Promise<UserSubscription> {
    return this.wrote(this.subscriptions, this.writes.createUserSubscription.submit(subscription));
  }

  updateUserSubscription(update: UpdateUserSubscriptionArgs): Promise<void> {
    return this.wrote(this.subscriptions, this.writes.updateUserSubscription.submit(update));
  }

  deleteUserSubscription(subscriptionKey: string): Promise<void> {
    return this.wrote(this.subscriptions, this.writes.deleteUserSubscription.submit(subscriptionKey));
  }

  deleteUserSubscriptions(subscriptionKeys: string[]): Promise<void> {
    return this.wrote(this.subscriptions, this.client.deleteUserSubscriptions(subscriptionKeys));
  }

  // ---- secret keys ---------------------------------------------------------------------------------------------

  createSecretKey(options: { validFrom?: string } = {}): Promise<SecretKey> {
    return this.client.createSecretKey(options);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /**
   * After a failed batch create, every resource of the batch looks for its object at once: one list shows them all.
   * (A list that started a moment before is as good as a new one to those who poll it.)
   */
  private shared<T>(inFlight: Map<string, Promise<T>>, product: string, send: () => Promise<T>): Promise<T> {
    const running = inFlight.get(product);
    if (running) return running;
    const started = send().finally(() => inFlight.delete(product));
    inFlight.set(product, started);
    return started;
  }

  /** A write makes its kind's snapshot stale, whether or not it succeeded (a failed one may have been applied). */
  private wrote<T>(snapshot: LiveSnapshot<unknown>, write: Promise<T>): Promise<T> {
    return write.finally(() => snapshot.forget());
  }
}
