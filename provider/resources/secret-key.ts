import * as pulumi from '@pulumi/pulumi';
import { secretKeyProvider } from './shim';

export interface SecretKeyArgs {
  /** ISO 8601 date-time from which GoTo signs with this key; default: at once. Replaces (a new key) on change. */
  validFrom?: pulumi.Input<string>;
  /** Any text; changing it creates a new key (rotation). E.g. a date, or a random value's output. */
  rotation?: pulumi.Input<string>;
  /** Credentials profile to use instead of the default account. */
  organizer?: pulumi.Input<string>;
}

/**
 * A webhook signing key of the OAuth application. The value is shown by GoTo only once, so state keeps it (as a
 * Pulumi secret). GoTo cannot delete keys: destroying this resource only removes it from the stack.
 */
export class SecretKey extends pulumi.dynamic.Resource {
  /** The key's value: a secret. */
  declare readonly secretKey: pulumi.Output<string>;
  /** When GoTo starts signing with this key. */
  declare readonly validFrom: pulumi.Output<string>;
  /** GoTo's id of the key (also the resource id). */
  declare readonly keyId: pulumi.Output<string>;
  declare readonly rotation: pulumi.Output<string | undefined>;
  declare readonly organizer: pulumi.Output<string | undefined>;

  constructor(name: string, args: SecretKeyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      secretKeyProvider,
      name,
      // Every output must be a key of the props, or the SDK does not register it and it stays undefined at run time.
      { secretKey: undefined, keyId: undefined, validFrom: undefined, rotation: undefined, organizer: undefined, ...args },
      // The value is a new output key, which the engine would otherwise store in plain text.
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ['secretKey'] }),
      'gotowebinar',
      'SecretKey',
    );
    Object.assign(this, { keyId: this.id });
  }
}
