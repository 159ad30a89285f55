/**
 * Several organizers subscribed to one webhook, each with their own credentials.
 *
 * A user subscription belongs to the user whose token creates it (GoTo's API takes no user key), so each organizer
 * is a credentials profile, named in the subscription's `organizer` input and resolved by the provider when it
 * runs: nothing of it is stored in state.
 *
 *   pulumi config set callbackUrl https://hooks.example.com/goto/registrations
 *   pulumi config set --path 'organizers[0]' alice
 *   pulumi config set --path 'organizers[1]' bob
 *   pulumi config set gotowebinar:clientId …                                        # the OAuth application
 *   pulumi config set --secret gotowebinar:clientSecret …
 *   pulumi config set --secret gotowebinar:refreshToken …                           # the account owning the webhook
 *   pulumi config set --secret --path 'gotowebinar:organizers.alice.refreshToken' … # each organizer
 *   pulumi config set --secret --path 'gotowebinar:organizers.bob.refreshToken' …
 *   pulumi up
 */
import * as pulumi from '@pulumi/pulumi';
import * as gotowebinar from 'pulumi-gotowebinar';

const config = new pulumi.Config();
const organizers = config.requireObject<string[]>('organizers');

// Webhooks and secret keys belong to the OAuth application: created with the default credentials.
const registrations = new gotowebinar.Webhook('registrations', {
  eventName: 'registrant.added',
  callbackUrl: config.require('callbackUrl'),
});
const signingKey = new gotowebinar.SecretKey('signing-key', {});

// One subscription per organizer, each created with that organizer's own token.
const subscriptions = organizers.map(
  (organizer) =>
    new gotowebinar.UserSubscription(`${organizer}-registrations`, {
      // The id is the webhookKey, and stays known while a change to the webhook is previewed.
      webhookKey: registrations.webhookKey,
      organizer,
    }),
);

export const webhookKey = registrations.webhookKey;
/** Organizer → the key of their subscription. */
export const subscriptionKeys = pulumi.output(
  Object.fromEntries(organizers.map((organizer, i) => [organizer, subscriptions[i].subscriptionKey])),
);
/** Organizer → ACTIVE when events flow for them (webhook and subscription both ACTIVE). */
export const activationStates = pulumi.output(
  Object.fromEntries(organizers.map((organizer, i) => [organizer, subscriptions[i].activationState])),
);
export const secretKey = signingKey.secretKey;
