/**
 * Webhook (declared in ../declarations/webhook.ts): created INACTIVE by GoTo, then activated when ACTIVE is wanted.
 * `callbackUrl` and `webhookState` change in place; `eventName`, `eventVersion` and `product` replace the webhook.
 */
import { EVENT_NAMES, EVENT_VERSIONS, PRODUCTS, type UpdateWebhookArgs, type Webhook } from '../api';
import type { CheckedInputsOf, OutputsOf } from '../declarations';
import { checkInputs, webhookDeclaration } from '../declarations';
import { sameCallbackUrl } from '../rules';
import { isOneOf } from '../rules/rule';
import type { Connection } from './connection/connection';
import { byCreateTime, createdSince, createOnce } from './create-once';
import { ProviderError } from './errors';
import { importUnmanageable } from './import-refusals';
import { PartialCreateError, type ResourceSpec } from './lifecycle';

type Declaration = typeof webhookDeclaration;
type Inputs = CheckedInputsOf<Declaration>;
type Outputs = OutputsOf<Declaration>;

/** What GoTo cannot change on a webhook. */
const FIXED = ['eventName', 'eventVersion', 'product'] as const;
type Fixed = Pick<Inputs, (typeof FIXED)[number]>;

export const webhookSpec: ResourceSpec<Declaration, Webhook> = {
  declaration: webhookDeclaration,
  // Create the new webhook first: events keep flowing during the swap (a receiver dedupes by eventKey), and a
  // failed create leaves the old one working instead of nothing.
  deleteBeforeReplace: false,

  readLive: (connection, id, fresh) => connection.readWebhook(id, fresh),

  drift(news, live) {
    const drifted: ('callbackUrl' | 'webhookState')[] = [];
    if (!sameCallbackUrl(news.callbackUrl, live.callbackUrl)) drifted.push('callbackUrl');
    if (news.webhookState !== live.webhookState) drifted.push('webhookState');
    return drifted;
  },

  // Only possible for an adopted webhook whose fixed properties do not match the program.
  liveReplaces: (news, live) => FIXED.filter((p) => news[p] !== live[p]),

  async create(connect, inputs) {
    const connection = connect();
    if (inputs.webhookKey !== undefined) return adopt(connection, inputs.webhookKey, inputs);

    const created = await createOnce<Webhook>({
      create: () =>
        connection.createWebhook({
          callbackUrl: inputs.callbackUrl,
          eventName: inputs.eventName,
          eventVersion: inputs.eventVersion,
          product: inputs.product,
        }),
      // A webhook is identified by what was asked for: its callback URL, event, version and product.
      findMatches: async (since) =>
        (await connection.listWebhooks(inputs.product))
          .filter(
            (w) =>
              sameCallbackUrl(w.callbackUrl, inputs.callbackUrl) &&
              w.eventName === inputs.eventName &&
              w.eventVersion === inputs.eventVersion &&
              createdSince(w.createTime, since),
          )
          .sort(byCreateTime),
      remove: (extra) => connection.deleteWebhooks(extra.map((w) => w.webhookKey)),
      windowMs: connection.consistencyTimeoutMs,
    });
    connection.noteCreatedWebhook(created.webhookKey); // found by listing: keyed reads may still lag
    const id = created.webhookKey;
    if (inputs.webhookState !== created.webhookState) {
      try {
        // The client waits out GoTo's consistency lag for a key it has just created (polling, not sleeping); the
        // activations of webhooks created together go out as one PUT.
        await connection.updateWebhook({ webhookKey: id, webhookState: inputs.webhookState });
      } catch (err) {
        throw new PartialCreateError(id, outputs(inputs, created), err);
      }
    }
    return { id, outs: outputs(inputs, { ...created, webhookState: inputs.webhookState }) };
  },

  async update(connect, _id, _olds, news, live) {
    return outputs(news, await converge(connect(), news, live!));
  },

  async delete(connect, id) {
    await connect().deleteWebhook(id);
  },

  describeLive(live, props) {
    const { eventName, eventVersion, product } = fixedOf(live);
    const inputs = {
      eventName,
      callbackUrl: live.callbackUrl,
      eventVersion,
      product,
      webhookState: live.webhookState,
      organizer: props.organizer,
    };
    return { outs: outputs(inputs, live), inputs };
  },
};

/**
 * The event, version and product of a webhook GoTo lists, as the declaration's enums. GoTo may list a webhook of an
 * event, version or product this version does not know (the client's model keeps what GoTo wrote): no program can
 * declare it, so reading it is refused as its import is (import-refusals.ts), with the declaration's own reasons.
 */
function fixedOf(w: Webhook): Fixed {
  const { eventName, eventVersion, product } = w;
  if (isOneOf(EVENT_NAMES, eventName) && isOneOf(EVENT_VERSIONS, eventVersion) && isOneOf(PRODUCTS, product)) {
    return { eventName, eventVersion, product };
  }
  const { failures } = checkInputs(webhookDeclaration, { eventName, eventVersion, product });
  throw importUnmanageable(webhookDeclaration.name, w.webhookKey, failures.filter((f) => isOneOf(FIXED, f.property)));
}

/**
 * The outputs of webhook `w`. Its event, version and product are those of `inputs`, which are GoTo's: read from GoTo
 * (fixedOf), or what was created as asked, adopted (only when they match) or updated in place (only when they match:
 * the diff replaces the webhook otherwise).
 */
function outputs(inputs: Fixed & { organizer?: string }, w: Webhook): Outputs {
  return {
    eventName: inputs.eventName,
    callbackUrl: w.callbackUrl,
    eventVersion: inputs.eventVersion,
    product: inputs.product,
    webhookState: w.webhookState,
    webhookKey: w.webhookKey,
    createTime: w.createTime,
    organizer: inputs.organizer,
  };
}

/** Takes over an existing webhook: it must be the same kind of webhook; its URL and state are then converged. */
async function adopt(connection: Connection, key: string, inputs: Inputs) {
  const live = await connection.readWebhook(key, true);
  if (!live) {
    throw ProviderError.adoptNotFound(`Cannot adopt webhook ${key}: GoTo has no such webhook for these credentials.`, key);
  }
  const mismatched = FIXED.filter((p) => live[p] !== inputs[p]);
  if (mismatched.length > 0) {
    throw ProviderError.adoptMismatch(
      `Cannot adopt webhook ${key}: its ${mismatched.map((p) => `${p} is "${live[p]}"`).join(', ')}, but the ` +
        `resource declares ${mismatched.map((p) => `"${inputs[p]}"`).join(', ')}. These cannot be changed at GoTo: ` +
        'declare the same values, or drop webhookKey to create a new webhook.',
      key,
    );
  }
  return { id: key, outs: outputs(inputs, await converge(connection, inputs, live)) };
}

/** Brings the callback URL and state of `live` to the desired ones with one PUT (none when they match). */
async function converge(connection: Connection, desired: Inputs, live: Webhook): Promise<Webhook> {
  const change: UpdateWebhookArgs = { webhookKey: live.webhookKey };
  if (!sameCallbackUrl(desired.callbackUrl, live.callbackUrl)) change.callbackUrl = desired.callbackUrl;
  if (desired.webhookState !== live.webhookState) change.webhookState = desired.webhookState;
  if (change.callbackUrl !== undefined || change.webhookState !== undefined) await connection.updateWebhook(change);
  return { ...live, callbackUrl: desired.callbackUrl, webhookState: desired.webhookState };
}
