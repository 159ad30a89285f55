/**
 * In-memory state: webhooks and secret keys (owned by an OAuth client), user subscriptions (owned by a user).
 * Maps keep insertion order, so lists come back in creation order like a database sorted by createTime.
 * The store does not validate: routes check everything first and then apply all changes at once, which is how a
 * rejected batch leaves nothing half-done.
 */
import type {
  ActiveState,
  EventName,
  SimulatorState,
  StoredSecretKey,
  StoredUserSubscription,
  StoredWebhook,
} from './types';
import { newResourceKey, newSecretValue, type KeyShape } from './ids';

export interface WebhookRecord extends StoredWebhook {
  /** Creation instant in ms, for the notFoundAfterCreateMs fault. */
  createdAtMs: number;
}

export interface SecretKeyRecord extends StoredSecretKey {
  validFromMs: number;
  createdAtMs: number;
}

export type SubscriptionRecord = StoredUserSubscription;

export class Store {
  private readonly webhooks = new Map<string, WebhookRecord>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private readonly secretKeys: SecretKeyRecord[] = [];
  private nextSecretKeyId = 1;

  constructor(private readonly keyShape: KeyShape = 'decimal') {}

  // ---- webhooks (owned by a client) ----

  addWebhook(clientId: string, fields: { callbackUrl: string; eventName: EventName; eventVersion: string }): WebhookRecord {
    const now = new Date();
    const record: WebhookRecord = {
      webhookKey: this.uniqueKey((k) => this.webhooks.has(k)),
      clientId,
      callbackUrl: fields.callbackUrl,
      eventName: fields.eventName,
      eventVersion: fields.eventVersion,
      product: 'g2w',
      // GoTo creates webhooks INACTIVE; nothing is delivered until PUT /webhooks activates them.
      state: 'INACTIVE',
      createTime: now.toISOString(),
      createdAtMs: now.getTime(),
    };
    this.webhooks.set(record.webhookKey, record);
    return record;
  }

  /** The webhook if it exists and belongs to `clientId` (another client's webhook is indistinguishable from none). */
  webhookOf(clientId: string, webhookKey: string): WebhookRecord | undefined {
    const w = this.webhooks.get(webhookKey);
    return w && w.clientId === clientId ? w : undefined;
  }

  webhooksOf(clientId: string): WebhookRecord[] {
    return [...this.webhooks.values()].filter((w) => w.clientId === clientId);
  }

  allWebhooks(): WebhookRecord[] {
    return [...this.webhooks.values()];
  }

  /** Deletes the webhooks and, like GoTo, every user subscription (of any user) to them. */
  deleteWebhooks(keys: string[]): void {
    for (const key of keys) {
      this.webhooks.delete(key);
      for (const s of [...this.subscriptions.values()]) if (s.webhookKey === key) this.subscriptions.delete(s.userSubscriptionKey);
    }
  }

  // ---- user subscriptions (owned by a user) ----

  addSubscription(
    userKey: string,
    fields: { webhookKey: string; callbackUrl?: string; userSubscriptionState: ActiveState },
  ): SubscriptionRecord {
    const record: SubscriptionRecord = {
      userSubscriptionKey: this.uniqueKey((k) => this.subscriptions.has(k)),
      userKey,
      webhookKey: fields.webhookKey,
      ...(fields.callbackUrl !== undefined ? { callbackUrl: fields.callbackUrl } : {}),
      userSubscriptionState: fields.userSubscriptionState,
      createTime: new Date().toISOString(),
    };
    this.subscriptions.set(record.userSubscriptionKey, record);
    return record;
  }

  /** The subscription if it exists and belongs to `userKey` (another user's is indistinguishable from none). */
  subscriptionOf(userKey: string, key: string): SubscriptionRecord | undefined {
    const s = this.subscriptions.get(key);
    return s && s.userKey === userKey ? s : undefined;
  }

  subscriptionsOf(userKey: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.userKey === userKey);
  }

  subscriptionsToWebhook(webhookKey: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.webhookKey === webhookKey);
  }

  deleteSubscriptions(keys: string[]): void {
    for (const key of keys) this.subscriptions.delete(key);
  }

  webhookOfSubscription(s: SubscriptionRecord): WebhookRecord | undefined {
    return this.webhooks.get(s.webhookKey);
  }

  /** GoTo's read-only activationState: ACTIVE only when the webhook and the subscription are both ACTIVE. */
  activationState(s: SubscriptionRecord): ActiveState {
    const w = this.webhooks.get(s.webhookKey);
    return w?.state === 'ACTIVE' && s.userSubscriptionState === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE';
  }

  // ---- secret keys (owned by a client; no read or delete in the API) ----

  addSecretKey(clientId: string, validFrom: string, validFromMs: number): SecretKeyRecord {
    const now = new Date();
    const record: SecretKeyRecord = {
      id: this.nextSecretKeyId++,
      clientId,
      value: newSecretValue(),
      validFrom,
      validFromMs,
      createTime: now.toISOString(),
      createdAtMs: now.getTime(),
    };
    this.secretKeys.push(record);
    return record;
  }

  /**
   * The key that signs a client's deliveries at `nowMs`: among keys already valid (validFrom <= now), the one that
   * took over last, i.e. with the latest max(validFrom, creation); ties go to the later created. So a new key without
   * validFrom replaces the old one at once, and a key scheduled for later takes over when its time comes.
   */
  secretKeyInForce(clientId: string, nowMs: number): SecretKeyRecord | undefined {
    let best: SecretKeyRecord | undefined;
    let bestFrom = -Infinity;
    for (const k of this.secretKeys) {
      if (k.clientId !== clientId || k.validFromMs > nowMs) continue;
      const from = Math.max(k.validFromMs, k.createdAtMs);
      if (from >= bestFrom) {
        best = k;
        bestFrom = from;
      }
    }
    return best;
  }

  // ---- whole state ----

  /** Adds the given objects with their own keys (checked by seed.ts), replacing any with the same key. */
  seed(state: SimulatorState): void {
    for (const w of state.webhooks) this.webhooks.set(w.webhookKey, { ...w, product: 'g2w', createdAtMs: Date.parse(w.createTime) || Date.now() });
    for (const s of state.userSubscriptions) this.subscriptions.set(s.userSubscriptionKey, { ...s });
    for (const k of state.secretKeys) {
      const validFromMs = Date.parse(k.validFrom);
      this.secretKeys.push({ ...k, validFromMs, createdAtMs: Date.parse(k.createTime) || validFromMs });
      this.nextSecretKeyId = Math.max(this.nextSecretKeyId, k.id + 1);
    }
  }

  snapshot(): SimulatorState {
    return {
      webhooks: [...this.webhooks.values()].map(({ createdAtMs: _c, ...w }) => ({ ...w })),
      userSubscriptions: [...this.subscriptions.values()].map((s) => ({ ...s })),
      secretKeys: this.secretKeys.map(({ validFromMs: _v, createdAtMs: _c, ...k }) => ({ ...k })),
    };
  }

  clear(): void {
    this.webhooks.clear();
    this.subscriptions.clear();
    this.secretKeys.length = 0;
  }

  private uniqueKey(taken: (k: string) => boolean): string {
    let k = newResourceKey(this.keyShape);
    while (taken(k)) k = newResourceKey(this.keyShape);
    return k;
  }
}
