/**
 * UserSubscription: one organizer's subscription to a webhook. It belongs to the user whose token creates it, so
 * the `organizer` input (a credentials profile resolved at call time) decides whose it is; changing it, or the
 * webhook, replaces the subscription. `callbackUrl` and `userSubscriptionState` change in place.
 */
import type { GoToClient } from '../api/client';
import { GoToApiError } from '../api/errors';
import { STATES, UpdateUserSubscriptionArgs, UserSubscription } from '../api/types';
import { organizerOf, Props, ResourceSpec } from './lifecycle';
import { byCreateTime, createdSince, createOnce } from './create-once';
import { sameCallbackUrl } from '../rules';
import { callbackUrl, gotoKey, oneOf, organizerName } from '../rules';
import { isUnknown } from './validate';

export const userSubscriptionSpec: ResourceSpec<UserSubscription> = {
  kind: 'UserSubscription',
  schema: {
    webhookKey: { rule: gotoKey, required: true },
    callbackUrl: { rule: callbackUrl },
    userSubscriptionState: { rule: oneOf(STATES), default: 'ACTIVE' },
    subscriptionKey: { rule: gotoKey },
    organizer: { rule: organizerName },
  },
  // Subscribe anew first: no gap in deliveries while the old subscription is removed; a failed create leaves the
  // old one in place.
  deleteBeforeReplace: false,
  replaceOn: ['webhookKey', 'organizer'],
  adoptKey: 'subscriptionKey',

  inputChanged(p, olds, news) {
    if (isUnknown(news[p])) return true;
    // Without a callbackUrl of its own a subscription uses the webhook's; "no opinion" is not a change.
    if (p === 'callbackUrl' && news[p] === undefined) return false;
    return olds[p] !== news[p];
  },

  readLive(ctx, id, props, fresh) {
    const organizer = organizerOf(props);
    if (fresh) return ctx.client(organizer).findUserSubscription(id);
    // Subscriptions belong to a user: one snapshot per organizer.
    return ctx
      .snapshot('userSubscription', organizer, (client) => ({
        list: () => client.listUserSubscriptions(),
        keyOf: (s: UserSubscription) => s.subscriptionKey,
        getOne: (key) => client.findUserSubscription(key),
      }))
      .find(id);
  },

  drift(news, live) {
    const drifted: string[] = [];
    if (news.callbackUrl !== undefined && !sameCallbackUrl(news.callbackUrl as string, live.callbackUrl)) drifted.push('callbackUrl');
    if (news.userSubscriptionState !== live.userSubscriptionState) drifted.push('userSubscriptionState');
    return drifted;
  },

  liveReplaces: (news, live) => (news.webhookKey !== live.webhookKey ? ['webhookKey'] : []),

  async create(ctx, inputs) {
    const client = ctx.client(organizerOf(inputs));
    if (typeof inputs.subscriptionKey === 'string') return adopt(client, inputs.subscriptionKey, inputs);
    const created = await createOnce<UserSubscription>({
      create: () =>
        client.createUserSubscription({
          webhookKey: inputs.webhookKey as string,
          callbackUrl: inputs.callbackUrl as string | undefined,
          userSubscriptionState: inputs.userSubscriptionState as UserSubscription['userSubscriptionState'],
        }),
      // A subscription is identified by its webhook (the list is this organizer's own).
      findMatches: async (since) =>
        (await client.listUserSubscriptions())
          .filter((s) => s.webhookKey === inputs.webhookKey && createdSince(s.createTime, since))
          .sort(byCreateTime),
      remove: (extra) => client.deleteUserSubscriptions(extra.map((s) => s.subscriptionKey)),
      windowMs: client.consistencyTimeoutMs,
    });
    return { id: created.subscriptionKey, outs: outputs(inputs, created) };
  },

  async update(ctx, id, _olds, news, live) {
    const client = ctx.client(organizerOf(news));
    await converge(client, id, news, live as UserSubscription);
    // activationState depends on the webhook too: read it back rather than guess.
    return outputs(news, await client.getUserSubscription(id));
  },

  async delete(ctx, id, props) {
    await ctx.client(organizerOf(props)).deleteUserSubscription(id);
  },

  describeLive(live, props) {
    const inputs: Props = {
      webhookKey: live.webhookKey,
      callbackUrl: props.callbackUrl === undefined ? undefined : live.callbackUrl,
      userSubscriptionState: live.userSubscriptionState,
      organizer: props.organizer,
    };
    return { outs: outputs(inputs, live), inputs };
  },
};

function outputs(inputs: Props, s: UserSubscription): Props {
  return {
    webhookKey: s.webhookKey,
    // Echo the input (undefined when the webhook's URL is used) so that the next diff compares like with like.
    callbackUrl: inputs.callbackUrl === undefined ? undefined : s.callbackUrl,
    userSubscriptionState: s.userSubscriptionState,
    subscriptionKey: s.subscriptionKey,
    activationState: s.activationState,
    eventName: s.eventName,
    eventVersion: s.eventVersion,
    product: s.product,
    createTime: s.createTime,
    organizer: inputs.organizer,
  };
}

async function converge(client: GoToClient, id: string, news: Props, live: UserSubscription): Promise<void> {
  const change: UpdateUserSubscriptionArgs = { subscriptionKey: id, webhookKey: live.webhookKey };
  if (news.callbackUrl !== undefined && !sameCallbackUrl(news.callbackUrl as string, live.callbackUrl)) {
    change.callbackUrl = news.callbackUrl as string;
  }
  if (news.userSubscriptionState !== live.userSubscriptionState) {
    change.userSubscriptionState = news.userSubscriptionState as UserSubscription['userSubscriptionState'];
  }
  if (change.callbackUrl !== undefined || change.userSubscriptionState !== undefined) {
    await client.updateUserSubscription(change);
  }
}

async function adopt(client: GoToClient, key: string, inputs: Props) {
  const live = await client.findUserSubscription(key);
  if (!live) {
    throw new GoToApiError(
      `Cannot adopt user subscription ${key}: the organizer's token does not see it (subscriptions belong to the ` +
        'user who created them: check the organizer input).',
      { code: 'ERR_GOTO_NOT_FOUND', operation: 'adoptUserSubscription', key, status: 404 },
    );
  }
  if (live.webhookKey !== inputs.webhookKey) {
    throw new GoToApiError(
      `Cannot adopt user subscription ${key}: it subscribes to webhook ${live.webhookKey}, not ${inputs.webhookKey}.`,
      { code: 'ERR_GOTO_INVALID_ARGUMENT', operation: 'adoptUserSubscription', key },
    );
  }
  await converge(client, key, inputs, live);
  return { id: key, outs: outputs(inputs, await client.getUserSubscription(key)) };
}
