/**
 * Rotating the webhook signing key without losing a single event.
 *
 * GoTo signs deliveries with the newest key whose `validFrom` has come, and a key cannot be read back or deleted.
 * So a rotation is: create the next key with a **future** `validFrom`; deploy the receivers with both secrets
 * (`createWebhookReceiver({ secrets: [newKey, oldKey] })`, see receiver.ts); once `validFrom` has passed, drop the
 * old key from the stack.
 *
 * The keys are a list in the stack config, newest first; each entry is one SecretKey resource named after its
 * `name`, so adding an entry creates a key and leaves the others untouched:
 *
 *   # Pulumi.<stack>.yaml
 *   config:
 *     gotowebinar-key-rotation:callbackUrl: https://hooks.example.com/goto/registrations
 *     gotowebinar-key-rotation:signingKeys:
 *       - { name: "2026-06", validFrom: "2026-06-01T00:00:00Z" }   # next: GoTo switches to it on June 1
 *       - { name: "2026-01" }                                      # current: in force since it was created
 *
 * Changing an entry's `validFrom` or `rotation` replaces that key: a new value (e.g. to move the switch date, or
 * after a leak).
 */
import * as pulumi from '@pulumi/pulumi';
import * as gotowebinar from 'pulumi-gotowebinar';

interface SigningKeyDecl {
  /** Resource name suffix: keep it stable for the key's whole life (a new name is a new key). */
  name: string;
  /** ISO 8601 with a zone; absent: in force at once. */
  validFrom?: string;
  /** Change it to replace the key by a new one. */
  rotation?: string;
}

const config = new pulumi.Config();
const declared = config.requireObject<SigningKeyDecl[]>('signingKeys');
if (!Array.isArray(declared) || declared.length === 0) {
  throw new Error(`${pulumi.getProject()}:signingKeys must list at least one key, newest first: [{ name, validFrom?, rotation? }]`);
}
declared.forEach((k, i) => {
  if (!k || typeof k.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(k.name)) {
    throw new Error(`${pulumi.getProject()}:signingKeys[${i}].name must be letters, digits, ".", "_" or "-" (e.g. "2026-06")`);
  }
});

const registrations = new gotowebinar.Webhook('registrations', {
  eventName: 'registrant.added',
  callbackUrl: config.require('callbackUrl'),
});

// Events flow once an organizer subscribes (here the default account) and a key signs them.
const subscription = new gotowebinar.UserSubscription('registrations', { webhookKey: registrations.webhookKey });

const keys = declared.map(
  (k) => new gotowebinar.SecretKey(`signing-key-${k.name}`, { validFrom: k.validFrom, rotation: k.rotation }),
);

export const webhookKey = registrations.webhookKey;
export const subscriptionKey = subscription.subscriptionKey;
/** Every declared key's value, newest first: exactly what `createWebhookReceiver({ secrets })` wants. A secret. */
export const receiverSecrets = pulumi.secret(pulumi.all(keys.map((k) => k.secretKey)));
/** Key name → when GoTo starts (started) signing with it. */
export const validFrom = pulumi.output(Object.fromEntries(declared.map((k, i) => [k.name, keys[i].validFrom])));
/** Key name → GoTo's id of the key. */
export const keyIds = pulumi.output(Object.fromEntries(declared.map((k, i) => [k.name, keys[i].keyId])));
