/**
 * Webhook: one GoTo webhook of the application. Created INACTIVE by GoTo, then activated when ACTIVE is wanted.
 * `callbackUrl` and `webhookState` change in place; `eventName`, `eventVersion` and `product` cannot be changed at
 * GoTo and replace the webhook.
 */
import type { GoToClient } from '../api/client';
import { GoToApiError } from '../api/errors';
import { EVENT_NAMES, EVENT_VERSIONS, EventName, PRODUCTS, STATES, UpdateWebhookArgs, Webhook } from '../api/types';
import { sameCallbackUrl } from '../rules';
import { byCreateTime, createdSince, createOnce } from './create-once';
import { Context, organizerOf, PartialCreateError, Props, ResourceSpec } from './lifecycle';
import { callbackUrl, gotoKey, oneOf, organizerName } from '../rules';

export const webhookSpec: ResourceSpec<Webhook> = {
  kind: 'Webhook',
  schema: {
    eventName: { rule: oneOf(EVENT_NAMES), required: true },
    callbackUrl: { rule: callbackUrl, required: true },
    eventVersion: { rule: oneOf(EVENT_VERSIONS), default: '1.0.0' },
    product: { rule: oneOf(PRODUCTS), default: 'g2w' },
    webhookState: { rule: oneOf(STATES), default: 'ACTIVE' },
    webhookKey: { rule: gotoKey },
    organizer: { rule: organizerName },
  },
  // Create the new webhook first: events keep flowing during the swap (a receiver dedupes by eventKey), and a
  // failed create leaves the old one working instead of nothing.
  deleteBeforeReplace: false,
  replaceOn: ['eventName', 'eventVersion', 'product'],
  adoptKey: 'webhookKey',

  readLive(ctx, id, props, fresh) {
    const organizer = organizerOf(props);
    if (fresh) return ctx.client(organizer).findWebhook(id);
    return ctx
      .snapshot('webhook', organizer, (client) => ({
        list: () => client.listWebhooks(),
        keyOf: (w: Webhook) => w.webhookKey,
        getOne: (key) => client.findWebhook(key),
      }))
      .find(id);
  },

  drift(news, live) {
    const drifted: string[] = [];
    if (!sameCallbackUrl(news.callbackUrl as string, live.callbackUrl)) drifted.push('callbackUrl');
    if (news.webhookState !== live.webhookState) drifted.push('webhookState');
    return drifted;
  },

  liveReplaces(news, live) {
    // Only possible for an adopted webhook whose fixed properties do not match the program.
    return (['eventName', 'eventVersion', 'product'] as const).filter((p) => news[p] !== live[p]);
  },

  async create(ctx: Context, inputs: Props) {
    const client = ctx.client(organizerOf(inputs));
    if (typeof inputs.webhookKey === 'string') return adopt(client, inputs.webhookKey, inputs);

    const created = await createOnce<Webhook>({
      create: () =>
        client.createWebhook({
          callbackUrl: inputs.callbackUrl as string,
          eventName: inputs.eventName as EventName,
          eventVersion: inputs.eventVersion as string,
          product: inputs.product as 'g2w',
        }),
      // A webhook is identified by what was asked for: its callback URL, event, version and product.
      findMatches: async (since) =>
        (await client.listWebhooks(inputs.product as string))
          .filter(
            (w) =>
              sameCallbackUrl(w.callbackUrl, inputs.callbackUrl as string) &&
              w.eventName === inputs.eventName &&
              w.eventVersion === inputs.eventVersion &&
              createdSince(w.createTime, since),
          )
          .sort(byCreateTime),
      remove: (extra) => client.deleteWebhooks(extra.map((w) => w.webhookKey)),
      windowMs: client.consistencyTimeoutMs,
    });
    client.noteCreatedWebhook(created.webhookKey); // found by listing: keyed reads may still lag
    const id = created.webhookKey;
    if (inputs.webhookState !== created.webhookState) {
      try {
        // The client waits out GoTo's consistency lag for a key it has just created (polling, not sleeping); the
        // activations of webhooks created together go out as one PUT.
        await client.updateWebhook({ webhookKey: id, webhookState: inputs.webhookState as 'ACTIVE' | 'INACTIVE' });
      } catch (err) {
        throw new PartialCreateError(id, outputs(inputs, created), err);
      }
    }
    return { id, outs: outputs(inputs, { ...created, webhookState: inputs.webhookState as Webhook['webhookState'] }) };
  },

  async update(ctx, _id, _olds, news, live) {
    return outputs(news, await converge(ctx.client(organizerOf(news)), news, live as Webhook));
  },

  async delete(ctx, id, props) {
    await ctx.client(organizerOf(props)).deleteWebhook(id);
  },

  describeLive(live, props) {
    const inputs: Props = {
      eventName: live.eventName,
      callbackUrl: live.callbackUrl,
      eventVersion: live.eventVersion,
      product: live.product,
      webhookState: live.webhookState,
      organizer: props.organizer,
    };
    return { outs: outputs(inputs, live), inputs };
  },
};

function outputs(inputs: Props, w: Webhook): Props {
  return {
    eventName: w.eventName,
    callbackUrl: w.callbackUrl,
    eventVersion: w.eventVersion,
    product: w.product,
    webhookState: w.webhookState,
    webhookKey: w.webhookKey,
    createTime: w.createTime,
    organizer: inputs.organizer,
  };
}

/** Takes over an existing webhook: it must be the same kind of webhook; its URL and state are then converged. */
async function adopt(client: GoToClient, key: string, inputs: Props) {
  const live = await client.findWebhook(key);
  if (!live) {
    throw new GoToApiError(`Cannot adopt webhook ${key}: GoTo has no such webhook for these credentials.`, {
      code: 'ERR_GOTO_NOT_FOUND',
      operation: 'adoptWebhook',
      key,
      status: 404,
    });
  }
  const mismatched = (['eventName', 'eventVersion', 'product'] as const).filter((p) => live[p] !== inputs[p]);
  if (mismatched.length > 0) {
    throw new GoToApiError(
      `Cannot adopt webhook ${key}: its ${mismatched.map((p) => `${p} is "${live[p]}"`).join(', ')}, but the ` +
        `resource declares ${mismatched.map((p) => `"${inputs[p]}"`).join(', ')}. These cannot be changed at GoTo: ` +
        'declare the same values, or drop webhookKey to create a new webhook.',
      { code: 'ERR_GOTO_INVALID_ARGUMENT', operation: 'adoptWebhook', key },
    );
  }
  return { id: key, outs: outputs(inputs, await converge(client, inputs, live)) };
}

/** Brings the callback URL and state of `live` to the desired ones with one PUT (none when they match). */
async function converge(client: GoToClient, desired: Props, live: Webhook): Promise<Webhook> {
  const change: UpdateWebhookArgs = { webhookKey: live.webhookKey };
  if (!sameCallbackUrl(desired.callbackUrl as string, live.callbackUrl)) change.callbackUrl = desired.callbackUrl as string;
  if (desired.webhookState !== live.webhookState) change.webhookState = desired.webhookState as Webhook['webhookState'];
  if (change.callbackUrl !== undefined || change.webhookState !== undefined) await client.updateWebhook(change);
  return { ...live, callbackUrl: desired.callbackUrl as string, webhookState: desired.webhookState as Webhook['webhookState'] };
}
