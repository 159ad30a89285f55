/**
 * SecretKey: a webhook signing key of the OAuth application. GoTo shows the value once, when the key is created,
 * and has no way to read or delete a key. So the value kept in state (a Pulumi secret) is the only copy, refresh
 * keeps it as it is, and destroying the resource removes it from the stack without revoking it at GoTo (a newer
 * key replaces it for signing once its validFrom is reached).
 *
 * A change of `validFrom` or of the `rotation` trigger creates a new key (rotation); a change of `organizer`
 * (which credentials profile made it) is recorded in place.
 */
import { organizerOf, Props, ResourceSpec } from './lifecycle';
import { isoDateTime, nonEmptyString, organizerName } from '../rules';
import { isUnknown } from './validate';

export const secretKeySpec: ResourceSpec<never> = {
  kind: 'SecretKey',
  schema: {
    validFrom: { rule: isoDateTime },
    rotation: { rule: nonEmptyString },
    organizer: { rule: organizerName },
  },
  // The new key must exist before the old one leaves the stack (whose delete only forgets it: GoTo cannot revoke).
  deleteBeforeReplace: false,
  // Not `organizer`: a key is the OAuth application's, whoever's token made it; renaming a credentials profile must
  // not mint a new signing key (which GoTo could never delete). It is bookkeeping, changed in place.
  replaceOn: ['validFrom', 'rotation'],

  inputChanged(p, olds, news) {
    if (isUnknown(news[p])) return true;
    if (p === 'validFrom') {
      // Unset means "from creation": GoTo's own validFrom in state is not a request for another key.
      if (news.validFrom === undefined) return false;
      return olds.validFrom === undefined || Date.parse(olds.validFrom as string) !== Date.parse(news.validFrom as string);
    }
    return olds[p] !== news[p];
  },

  async create(ctx, inputs) {
    const key = await ctx.client(organizerOf(inputs)).createSecretKey(
      typeof inputs.validFrom === 'string' ? { validFrom: inputs.validFrom } : {},
    );
    // GoTo answers an integer id; should an API answer none, a local one still identifies this key in state.
    const id = key.id ?? `local-${Date.now().toString(36)}`;
    return {
      id,
      outs: {
        secretKey: key.secretKey,
        validFrom: key.validFrom ?? (inputs.validFrom as string | undefined) ?? new Date().toISOString(),
        keyId: id,
        rotation: inputs.rotation,
        organizer: inputs.organizer,
      },
    };
  },

  async update(_ctx, _id, olds, news) {
    // Only `organizer` gets here (every other change replaces the key): nothing to tell GoTo.
    const { __provider: _provider, ...outs } = olds;
    return { ...outs, organizer: news.organizer };
  },

  async delete() {
    // GoTo has no API to delete or revoke a secret key: forgetting it is all that can be done.
  },

  inputsFromOutputs: (props: Props) => ({ validFrom: props.validFrom, rotation: props.rotation, organizer: props.organizer }),
};
