import * as pulumi from '@pulumi/pulumi';
import { secretKeyDeclaration } from '../declarations/secret-key';
import { secretNames } from '../declarations/property';
import { propsFor, type ArgsOf, type OutputPropertiesOf } from './declared';
import { providerFor } from './shim';
// One provider object per kind, the whole exports of its module; providerFor hands the SDK it or the compact one (./shim.ts).
import secretKeyProvider = require('./providers/secret-key');

export type SecretKeyArgs = ArgsOf<typeof secretKeyDeclaration>;

/**
 * A webhook signing key of the OAuth application. The value is shown by GoTo only once, so state keeps it (as a
 * Pulumi secret). GoTo cannot delete keys: destroying this resource only removes it from the stack.
 */
export class SecretKey extends pulumi.dynamic.Resource {
  constructor(name: string, args: SecretKeyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor('secretKey', secretKeyProvider),
      name,
      propsFor(secretKeyDeclaration, args),
      // The value is a new output key, which the engine would otherwise store in plain text.
      pulumi.mergeOptions(opts, { additionalSecretOutputs: secretNames(secretKeyDeclaration) }),
      'gotowebinar',
      'SecretKey',
    );
    Object.assign(this, { keyId: this.id });
  }
}

export interface SecretKey extends OutputPropertiesOf<typeof secretKeyDeclaration> {}
