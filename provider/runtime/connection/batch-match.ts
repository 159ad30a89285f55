/**
 * Which object in GoTo's answer to an array create belongs to which request. The published spec does not promise
 * that answers come in request order, so each answer is matched by what identifies it: a webhook by its callback
 * URL, event, version and product; a subscription by its webhook (the caller's own list). A request left without
 * an answer fails with `mayHaveSucceeded` (GoTo may have made it): its resource then looks for it before creating
 * it again (runtime/create-once.ts), so nothing is duplicated.
 */
import type { ItemResult } from './coalescer';
import { DEFAULT_EVENT_VERSION, DEFAULT_PRODUCT, unreadableAnswerError } from '../../api';
import { sameCallbackUrl } from '../../rules';
import type { CreateUserSubscriptionArgs, CreateWebhookArgs, UserSubscription, Webhook } from '../../api';

/** Identity of a webhook as asked for; no two of these share a request (see Coalescer.identity). */
export function webhookIdentity(w: CreateWebhookArgs | Webhook): string {
  return JSON.stringify([w.callbackUrl, w.eventName, w.eventVersion ?? DEFAULT_EVENT_VERSION, w.product ?? DEFAULT_PRODUCT]);
}

export function matchCreatedWebhooks(requests: CreateWebhookArgs[], answers: Webhook[]): ItemResult<Webhook>[] {
  return matchAnswers(requests, answers, {
    identity: webhookIdentity,
    loose: (r, a) =>
      sameCallbackUrl(r.callbackUrl, a.callbackUrl) &&
      r.eventName === a.eventName &&
      (r.eventVersion ?? DEFAULT_EVENT_VERSION) === a.eventVersion &&
      (r.product ?? DEFAULT_PRODUCT) === a.product,
    operation: 'createWebhooks',
    // Not the URL: it may carry a secret path token.
    describe: (r) => `a ${r.eventName} webhook`,
  });
}

export function matchCreatedSubscriptions(
  requests: CreateUserSubscriptionArgs[],
  answers: UserSubscription[],
): ItemResult<UserSubscription>[] {
  return matchAnswers(requests, answers, {
    identity: (x) => x.webhookKey,
    loose: () => false,
    operation: 'createUserSubscriptions',
    describe: (r) => `webhook ${r.webhookKey}`,
  });
}

interface Matcher<Q, A> {
  /** What a request and its answer have in common, exactly. */
  identity(x: Q | A): string;
  /** A second pass, for the few left, whose answers GoTo may have normalized. */
  loose(request: Q, answer: A): boolean;
  operation: string;
  describe(request: Q): string;
}

function matchAnswers<Q, A>(requests: Q[], answers: A[], m: Matcher<Q, A>): ItemResult<A>[] {
  // Exact pass by lookup (batches go up to 1000): answers by identity, each used once.
  const byIdentity = new Map<string, number[]>();
  answers.forEach((a, j) => {
    const id = m.identity(a);
    byIdentity.set(id, [...(byIdentity.get(id) ?? []), j]);
  });
  const unused = new Set(answers.map((_, j) => j));
  const results: (ItemResult<A> | undefined)[] = requests.map((request) => {
    const j = byIdentity.get(m.identity(request))?.find((k) => unused.has(k));
    if (j === undefined) return undefined;
    unused.delete(j);
    return { ok: true, value: answers[j]! };
  });
  requests.forEach((request, i) => {
    if (results[i]) return;
    for (const j of unused) {
      if (m.loose(request, answers[j]!)) {
        unused.delete(j);
        results[i] = { ok: true, value: answers[j]! };
        return;
      }
    }
  });
  return results.map(
    (r, i) =>
      r ?? {
        ok: false,
        error: unreadableAnswerError(
          `GoToWebinar ${m.operation} answered without the object asked for (${m.describe(requests[i]!)}); it may ` +
            'have been created all the same.',
          { operation: m.operation, mayHaveSucceeded: true },
        ),
      },
  );
}
