/**
 * SecretKey: a webhook signing key of the OAuth application. GoTo shows the value once, when the key is created, and
 * can neither read nor delete a key: the value in state (a Pulumi secret) is the only copy.
 */
import { keyValidFrom, organizerName, rotation } from '../rules';
import { declareResource, text } from './property';

export const secretKeyDeclaration = declareResource({
  name: 'SecretKey',
  description:
    'A webhook signing key of the OAuth application. GoTo shows its value only once and cannot delete keys: destroying the resource only removes it from the stack.',
  idProperty: 'keyId',
  properties: {
    validFrom: text({
      presence: 'optional',
      rule: keyValidFrom,
      replaceOnChanges: true,
      inOutputs: 'always',
      description: 'When GoTo starts signing with this key (ISO 8601 with a zone); unset: at once. A change makes a new key.',
    }),
    rotation: text({
      presence: 'optional',
      rule: rotation,
      replaceOnChanges: true,
      description: 'Any text; change it to get a new key (rotation), e.g. a date or a random value.',
    }),
    organizer: text({
      presence: 'optional',
      rule: organizerName,
      description:
        "The credentials profile to use instead of the default account. Bookkeeping only: a key is the application's, so a rename never mints a new key.",
    }),
    secretKey: text({ presence: 'output', secret: true, description: "The key's value." }),
    keyId: text({ presence: 'output', description: "GoTo's id of the key, also the resource id." }),
  },
});
