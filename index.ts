/**
 * The `gotowebinar-webhooks` stack: GoToWebinar webhooks, their signing key and organizers' subscriptions, all
 * declared in the stack file (`Pulumi.dev.yaml`, `Pulumi.prod.yaml`, …): environments differ by configuration only.
 * See stack/config.ts for the keys. Credentials and the API URL come from `gotowebinar:*` secrets or `GOTOWEBINAR_*`
 * environment variables, read by the provider at run time; nothing of them reaches state.
 *
 * Every callback URL is `<callbackBaseUrl>/<token>/<webhook path>`, where the token is a random per-stack value: the
 * receiving application can refuse anything outside that path before spending any work on it. The token is
 * exported (as a secret) for it, with the signing secret and the keys of everything created.
 */
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import * as gotowebinar from 'pulumi-gotowebinar';
import { callbackUrlFor, parseStackConfig } from './stack/config';

const settings = parseStackConfig(pulumi.runtime.allConfig(), pulumi.getProject());

// 32 characters of [a-z0-9]: about 165 bits, safe in any URL. Change `callbackTokenRotation` for a new one.
// Unguessable is only worth something while unpublished: the value is a secret in state, in the URLs made from it
// and in the outputs, so that no log shows it. A RandomPassword, not a RandomString: a RandomString's id IS its
// value, and ids are never secret.
const token = new random.RandomPassword('callback-path-token', {
  length: 32,
  special: false,
  upper: false,
  keepers: { rotation: settings.callbackTokenRotation },
});
const pathToken = pulumi.secret(token.result);

const signingKey = new gotowebinar.SecretKey('signing-key', {
  validFrom: settings.secretKey.validFrom,
  rotation: settings.secretKey.rotation,
});

const webhooks = new Map<string, gotowebinar.Webhook>();
for (const w of settings.webhooks) {
  webhooks.set(
    w.name,
    new gotowebinar.Webhook(w.name, {
      eventName: w.eventName,
      callbackUrl: pathToken.apply((t) => callbackUrlFor(settings.callbackBaseUrl, t, w.path)),
      webhookState: w.state,
    }),
  );
}

const subscriptions = settings.subscriptions.map((s) => ({
  decl: s,
  resource: new gotowebinar.UserSubscription(s.name, {
    webhookKey: webhooks.get(s.webhook)!.webhookKey,
    userSubscriptionState: s.state,
    organizer: s.organizer,
  }),
}));

/** Webhook name → GoTo's webhookKey. */
export const webhookKeys = pulumi.output(
  Object.fromEntries([...webhooks].map(([name, hook]) => [name, hook.webhookKey])),
);

/** Organizer (as named in the stack file) → webhook name → GoTo's userSubscriptionKey. */
export const subscriptionKeys = pulumi.output(
  subscriptions.reduce<Record<string, Record<string, pulumi.Output<string>>>>((acc, { decl, resource }) => {
    (acc[decl.organizerName] ??= {})[decl.webhook] = resource.subscriptionKey;
    return acc;
  }, {}),
);

/** The signing secret for `createWebhookReceiver({ secrets })`: a Pulumi secret. */
export const secretKey = signingKey.secretKey;
export const secretKeyId = signingKey.keyId;
export const secretKeyValidFrom = signingKey.validFrom;

/** The random path segment of every callback URL: the receiver accepts `<base path>/<token>/…` only. */
export const callbackPathToken = pathToken;
export const callbackBaseUrl = settings.callbackBaseUrl;
/** Webhook name → its callback URL (a secret: it holds the token). */
export const callbackUrls = pulumi.output(Object.fromEntries([...webhooks].map(([name, hook]) => [name, hook.callbackUrl])));
