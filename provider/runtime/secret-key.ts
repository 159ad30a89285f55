/**
 * SecretKey (declared in ../declarations/secret-key.ts). GoTo shows the value once, when the key is created, and has
 * no way to read or delete a key. So the value kept in state (a Pulumi secret) is the only copy, refresh keeps it as
 * it is, and destroying the resource removes it from the stack without revoking it at GoTo (a newer key replaces it
 * for signing once its validFrom is reached).
 *
 * A change of `validFrom` or of the `rotation` trigger creates a new key (rotation); a change of `organizer`
 * (which credentials profile made it) is recorded in place: a key is the OAuth application's, whoever's token made
 * it, and renaming a credentials profile must not mint a new signing key (which GoTo could never delete).
 */
import { secretKeyDeclaration } from '../declarations';
import { isUnknown } from '../declarations';
import { field, type ResourceSpec } from './lifecycle';

export const secretKeySpec: ResourceSpec<typeof secretKeyDeclaration, never> = {
  declaration: secretKeyDeclaration,
  // The new key must exist before the old one leaves the stack (whose delete only forgets it: GoTo cannot revoke).
  deleteBeforeReplace: false,

  inputChanged(p, olds, news) {
    if (p === 'validFrom') {
      if (isUnknown(news.validFrom)) return true;
      // Unset means "from creation": GoTo's own validFrom in state is not a request for another key.
      if (news.validFrom === undefined) return false;
      return olds.validFrom === undefined || Date.parse(olds.validFrom) !== Date.parse(news.validFrom);
    }
    const next = field(news, p);
    return isUnknown(next) || field(olds, p) !== next;
  },

  async create(connect, inputs) {
    const key = await connect().createSecretKey(inputs.validFrom === undefined ? {} : { validFrom: inputs.validFrom });
    // GoTo answers an integer id; should an API answer none, a local one still identifies this key in state.
    const id = key.id ?? `local-${Date.now().toString(36)}`;
    return {
      id,
      outs: {
        secretKey: key.secretKey,
        validFrom: key.validFrom ?? inputs.validFrom ?? new Date().toISOString(),
        keyId: id,
        rotation: inputs.rotation,
        organizer: inputs.organizer,
      },
    };
  },

  async update(_connection, _id, olds, news) {
    // Only `organizer` gets here (every other change replaces the key): nothing to tell GoTo.
    return { ...olds, organizer: news.organizer };
  },

  async delete() {
    // GoTo has no API to delete or revoke a secret key: forgetting it is all that can be done.
  },

  inputsFromOutputs: (props) => ({ validFrom: props.validFrom, rotation: props.rotation, organizer: props.organizer }),
};
