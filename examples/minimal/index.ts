/**
 * The smallest useful stack: one GoToWebinar webhook, active, pointing at your receiving application.
 *
 *   pulumi config set callbackUrl https://hooks.example.com/goto/registrations
 *   pulumi config set --secret gotowebinar:accessToken …      # or GOTOWEBINAR_ACCESS_TOKEN
 *   pulumi up
 *
 * Events only flow once an organizer subscribes to the webhook and a secret key signs them: see the
 * multiple-organizers and key-rotation examples.
 */
import * as pulumi from '@pulumi/pulumi';
import * as gotowebinar from 'pulumi-gotowebinar';

const config = new pulumi.Config();

const registrations = new gotowebinar.Webhook('registrations', {
  eventName: 'registrant.added',
  callbackUrl: config.require('callbackUrl'),
});

export const webhookKey = registrations.webhookKey;
export const webhookState = registrations.webhookState;
