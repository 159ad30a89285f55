/**
 * One coalescer per write operation of a Connection (one per credentials): the one-object writes of every resource
 * in the plugin process go out as array requests. See coalescer.ts for how calls are gathered and split.
 */
import { matchCreatedSubscriptions, matchCreatedWebhooks, webhookIdentity } from './batch-match';
import { BatchCap, Coalescer, EngineBacklog, ItemResult } from './coalescer';
import { isGoToApiError } from '../../api';
import type {
  CreateUserSubscriptionArgs,
  CreateWebhookArgs,
  UpdateUserSubscriptionArgs,
  UpdateWebhookArgs,
  UserSubscription,
  Webhook,
} from '../../api';

/** The array requests of GoToClient that the batches send. */
export interface ArrayWrites {
  createWebhooks(items: CreateWebhookArgs[]): Promise<Webhook[]>;
  updateWebhooks(items: UpdateWebhookArgs[]): Promise<void>;
  deleteWebhooks(keys: string[]): Promise<void>;
  createUserSubscriptions(items: CreateUserSubscriptionArgs[]): Promise<UserSubscription[]>;
  updateUserSubscriptions(items: UpdateUserSubscriptionArgs[]): Promise<void>;
  deleteUserSubscriptions(keys: string[]): Promise<void>;
}

/**
 * GoTo publishes no batch limit. 100 keeps a request body in the tens of KB and GoTo's validation GETs of the
 * callback URLs (one per new or changed URL) well inside a request timeout, while 1,000 resources still take only
 * ten requests per operation; a lower real limit is found by splitting (coalescer.ts) and remembered.
 */
export const DEFAULT_MAX_BATCH_SIZE = 100;

/**
 * How calls are gathered (coalescer.ts, gathering.ts): the engine hands out steps as a stream, one checkpoint write
 * apart, so waiting costs nothing while it writes and everything while it waits for our answers. Each time is said in
 * docs/configuration.md (held equal by test/packaging/gathering-docs.test.ts); the measurements behind them, at 100
 * to 1,000 webhooks in both forms of `__provider`, are in docs/benchmark.md.
 * - windowMs: a lone call waits this long for company (a tenth of a round trip to GoTo).
 * - quietMs, quietGaps, streamGapMs: a stream (calls less than streamGapMs apart) ends after quietGaps of its typical
 *   gaps without a call, from quietMs to streamGapMs.
 * - maxHoldMs, maxHoldCeilingMs: a batch waits for its stream to end at most as long as a full batch takes to arrive
 *   at the stream's rhythm, within these bounds.
 * - stragglerWindowMs, stragglerWaitMs: a lone call while the engine still records our answers waits for the burst
 *   behind them (until the engine should be done and one pause more, at most stragglerWaitMs).
 * - burstQuietMs: our own fan-out (calls less than 1 ms apart, a batch's activations) ends this long after its last.
 * - failureHoldMs: a failed call's error waits for its kind to be quiet, at most this long (`pulumi up` starts no step
 *   after the first error).
 */
export const BATCH_TIMING = {
  windowMs: 10,
  quietMs: 150,
  quietGaps: 3,
  maxHoldMs: 2000,
  maxHoldCeilingMs: 10_000,
  streamGapMs: 1000,
  stragglerWindowMs: 10_000,
  stragglerWaitMs: 3000,
  burstQuietMs: 20,
  failureHoldMs: 10_000,
} as const;

export interface WriteBatchOptions {
  maxBatchSize: number;
  onProgress?(message: string): void;
}

export class WriteBatches {
  readonly createWebhook: Coalescer<CreateWebhookArgs, Webhook>;
  readonly updateWebhook: Coalescer<UpdateWebhookArgs, void>;
  /**
   * Updates of webhooks created moments ago go apart from the others: a request with such a key waits out GoTo's
   * consistency lag when it answers 404, and a key deleted meanwhile must not make the others wait with it.
   */
  readonly updateNewWebhook: Coalescer<UpdateWebhookArgs, void>;
  readonly deleteWebhook: Coalescer<string, void>;
  readonly createUserSubscription: Coalescer<CreateUserSubscriptionArgs, UserSubscription>;
  readonly updateUserSubscription: Coalescer<UpdateUserSubscriptionArgs, void>;
  readonly deleteUserSubscription: Coalescer<string, void>;

  constructor(api: ArrayWrites, options: WriteBatchOptions) {
    // One engine records the answers of every kind: the subscriptions' creates wait behind the webhooks' results.
    const backlog = new EngineBacklog();
    const make = <I, R>(
      operation: string,
      send: (items: I[]) => Promise<ItemResult<R>[]>,
      identity: (item: I) => string,
      cap = new BatchCap(options.maxBatchSize),
    ) =>
      new Coalescer<I, R>({
        cap,
        send,
        identity,
        maxBatchSize: options.maxBatchSize,
        ...BATCH_TIMING,
        backlog,
        isItemRefusal,
        mayBeSizeRefusal,
        onCapLowered: (cap, refused) =>
          options.onProgress?.(
            `${operation}: GoTo refused a request of ${refused} objects that it accepted in halves: sending at most ` +
              `${cap} per request from now on`,
          ),
      });
    const allOk = async (items: unknown[], write: Promise<void>): Promise<ItemResult<void>[]> => {
      await write;
      return items.map(() => ({ ok: true, value: undefined }));
    };
    this.createWebhook = make(
      'createWebhooks',
      async (items: CreateWebhookArgs[]) => matchCreatedWebhooks(items, await api.createWebhooks(items)),
      webhookIdentity,
    );
    const putWebhooks = (items: UpdateWebhookArgs[]) => allOk(items, api.updateWebhooks(items));
    const putCap = new BatchCap(options.maxBatchSize); // one endpoint, one limit
    this.updateWebhook = make('updateWebhooks', putWebhooks, (u) => u.webhookKey, putCap);
    this.updateNewWebhook = make('updateWebhooks', putWebhooks, (u) => u.webhookKey, putCap);
    this.deleteWebhook = make('deleteWebhooks', (keys: string[]) => allOk(keys, api.deleteWebhooks(keys)), (k) => k);
    this.createUserSubscription = make(
      'createUserSubscriptions',
      async (items: CreateUserSubscriptionArgs[]) => matchCreatedSubscriptions(items, await api.createUserSubscriptions(items)),
      (s) => s.webhookKey,
    );
    this.updateUserSubscription = make(
      'updateUserSubscriptions',
      (items: UpdateUserSubscriptionArgs[]) => allOk(items, api.updateUserSubscriptions(items)),
      (u) => u.subscriptionKey,
    );
    this.deleteUserSubscription = make('deleteUserSubscriptions', (keys: string[]) => allOk(keys, api.deleteUserSubscriptions(keys)), (k) => k);
  }
}

/**
 * Refusals one item can cause: a bad value (400, 422), an unknown or deleted key (404), a conflict (409), a body
 * too large (413). Not 401/403 (the token: every item alike), 429 or 5xx (retried, and not about an item).
 */
function isItemRefusal(error: unknown): boolean {
  return isGoToApiError(error) && error.status !== undefined && [400, 404, 409, 413, 422].includes(error.status);
}

function mayBeSizeRefusal(error: unknown): boolean {
  return isGoToApiError(error) && (error.status === 400 || error.status === 413);
}
