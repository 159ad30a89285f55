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
 * How calls are gathered (see coalescer.ts and gathering.ts), from how the engine delivers them at --parallel 256.
 * Measured at 100 webhooks with a subscription each: creates a median 8 ms apart, subscription creates 23 ms,
 * deletes 26–46 ms. At 1,000 + 1,000 (short `__provider`, 2.4 KiB of state per resource): steps 100–250 ms apart
 * late in an `up`, as every step waits for a checkpoint of the whole state, with pauses of seconds while the engine
 * records the results of a finished batch. With the fixed times tuned at 100, that `up` took 332 requests
 * (subscriptions in 200 of 1–30); with the pause and the hold scaled, 100, of which a third carried one object:
 * the one call the engine let out during its pause after each batch; with stragglers waiting 3 s if within 5 s of a
 * batch, 61 (POST and PUT /webhooks in 12 each of 31-100, subscriptions in 37 requests).
 * - A lone call waits 10 ms for company: a tenth of a round trip to GoTo.
 * - A stream is over when no call came for 3 typical gaps of the stream, at least 150 ms (several gaps of a fast
 *   stream, so one burst of the engine's is one request) and at most 1 s.
 * - A batch waits for its stream to end at most as long as a full batch takes to arrive at the stream's rhythm, at
 *   least 2 s (as at 100 webhooks) and at most 10 s: beside what the engine spends per step on a big stack, small.
 * - Calls less than 1 s apart belong to one stream.
 * - A call that finds nothing of its kind pending or in flight while the engine still records the answers handed
 *   back to it (one checkpoint write per answer, at about the rhythm it handed the calls out: the backlog), less
 *   than 10 s after the last answer, is a straggler: it waits for the burst behind those answers until the engine
 *   should be done and one pause more, at most 3 s (the engine's pauses after a batch were 1–3 s at 1,000 + 1,000,
 *   and subscriptions' batches 5-9 s apart). The burst's own pause then sends it: the straggler's wait never
 *   outlasts its burst. Otherwise a lone call goes at once: waiting while the engine waits for us is time lost.
 *   Before (a fixed 3 s from any call within 10 s of a batch leaving, calls in flight included, and no earlier once
 *   the burst had come and gone), the package linked (long `__provider`) at 100 + 100 lost 0.9 s of its `up` and
 *   1.7 s of its `destroy` to such waits, the engine idle meanwhile.
 * - A burst of calls less than 1 ms apart is our own fan-out (a create batch's activations), not the engine's: it is
 *   over 20 ms after its last call (the engine waits for every one of those creates meanwhile).
 * - A failed call's error waits until its kind is quiet, at most 10 s: `pulumi up` starts no step after the first
 *   error, so one bad callback URL reported while the engine still hands out creates would leave the good webhooks
 *   behind it uncreated (measured: 64 of 99 at 100 webhooks).
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
