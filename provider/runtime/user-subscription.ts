/**
 * UserSubscription (declared in ../declarations/user-subscription.ts): one organizer's subscription to a webhook.
 * It belongs to the user whose token creates it, so the `organizer` input (a credentials profile resolved at call
 * time) decides whose it is; changing it, or the webhook, replaces the subscription. `callbackUrl` and
 * `userSubscriptionState` change in place.
 */
import type { UpdateUserSubscriptionArgs, UserSubscription } from '../api';
import { isUnknown, userSubscriptionDeclaration, type CheckedInputsOf, type OutputsOf } from '../declarations';
import { sameCallbackUrl } from '../rules';
import type { Connection } from './connection/connection';
import { byCreateTime, createdSince, createOnce } from './create-once';
import { ProviderError } from './errors';
import { field, type ResourceSpec } from './lifecycle';

type Declaration = typeof userSubscriptionDeclaration;
type Inputs = CheckedInputsOf<Declaration>;
type Outputs = OutputsOf<Declaration>;

export const userSubscriptionSpec: ResourceSpec<Declaration, UserSubscription> = {
  declaration: userSubscriptionDeclaration,
  // Subscribe anew first: no gap in deliveries while the old subscription is removed; a failed create leaves the
  // old one in place.
  deleteBeforeReplace: false,

  inputChanged(p, olds, news) {
    const old = field(olds, p);
    const next = field(news, p);
    if (isUnknown(next)) return true;
    // Without a callbackUrl of its own a subscription uses the webhook's; "no opinion" is not a change.
    if (p === 'callbackUrl' && next === undefined) return false;
    return old !== next;
  },

  readLive: (connection, id, fresh) => connection.readUserSubscription(id, fresh),

  drift(news, live) {
    const drifted: ('callbackUrl' | 'userSubscriptionState')[] = [];
    if (news.callbackUrl !== undefined && !sameCallbackUrl(news.callbackUrl, live.callbackUrl)) drifted.push('callbackUrl');
    if (news.userSubscriptionState !== live.userSubscriptionState) drifted.push('userSubscriptionState');
    return drifted;
  },

  liveReplaces: (news, live) => (news.webhookKey !== live.webhookKey ? ['webhookKey'] : []),

  async create(connect, inputs) {
    const connection = connect();
    if (inputs.subscriptionKey !== undefined) return adopt(connection, inputs.subscriptionKey, inputs);
    const created = await createOnce<UserSubscription>({
      create: () =>
        connection.createUserSubscription({
          webhookKey: inputs.webhookKey,
          callbackUrl: inputs.callbackUrl,
          userSubscriptionState: inputs.userSubscriptionState,
        }),
      // A subscription is identified by its webhook (the list is this organizer's own).
      findMatches: async (since) =>
        (await connection.listUserSubscriptions())
          .filter((s) => s.webhookKey === inputs.webhookKey && createdSince(s.createTime, since))
          .sort(byCreateTime),
      remove: (extra) => connection.deleteUserSubscriptions(extra.map((s) => s.subscriptionKey)),
      windowMs: connection.consistencyTimeoutMs,
    });
    return { id: created.subscriptionKey, outs: outputs(inputs, created) };
  },

  async update(connect, id, _olds, news, live) {
    const connection = connect();
    await converge(connection, id, news, live!);
    // activationState depends on the webhook too: read it back rather than guess.
    return outputs(news, await connection.getUserSubscription(id));
  },

  async delete(connect, id) {
    await connect().deleteUserSubscription(id);
  },

  describeLive(live, props) {
    const inputs = {
      webhookKey: live.webhookKey,
      callbackUrl: props.callbackUrl === undefined ? undefined : live.callbackUrl,
      userSubscriptionState: live.userSubscriptionState,
      organizer: props.organizer,
    };
    return { outs: outputs(inputs, live), inputs };
  },
};

function outputs(inputs: { callbackUrl?: string; organizer?: string }, s: UserSubscription): Outputs {
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

async function converge(connection: Connection, id: string, news: Inputs, live: UserSubscription): Promise<void> {
  const change: UpdateUserSubscriptionArgs = { subscriptionKey: id, webhookKey: live.webhookKey };
  if (news.callbackUrl !== undefined && !sameCallbackUrl(news.callbackUrl, live.callbackUrl)) change.callbackUrl = news.callbackUrl;
  if (news.userSubscriptionState !== live.userSubscriptionState) change.userSubscriptionState = news.userSubscriptionState;
  if (change.callbackUrl !== undefined || change.userSubscriptionState !== undefined) {
    await connection.updateUserSubscription(change);
  }
}

async function adopt(connection: Connection, key: string, inputs: Inputs) {
  const live = await connection.readUserSubscription(key, true);
  if (!live) {
    throw ProviderError.adoptNotFound(
      `Cannot adopt user subscription ${key}: the organizer's token does not see it (subscriptions belong to the ` +
        'user who created them: check the organizer input).',
      key,
    );
  }
  if (live.webhookKey !== inputs.webhookKey) {
    throw ProviderError.adoptMismatch(
      `Cannot adopt user subscription ${key}: it subscribes to webhook ${live.webhookKey}, not ${inputs.webhookKey}.`,
      key,
    );
  }
  await converge(connection, key, inputs, live);
  return { id: key, outs: outputs(inputs, await connection.getUserSubscription(key)) };
}
