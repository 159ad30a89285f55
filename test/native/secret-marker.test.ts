/** The native provider's secret marker (kept in provider/native so the plugin need not load the SDK) is the SDK's. */
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import { SECRET_SIG, SIG_KEY } from '../../provider/native/secret-marker';

test("the secret marker is the SDK's specialSigKey and specialSecretSig", () => {
  expect({ SIG_KEY, SECRET_SIG }).toEqual({ SIG_KEY: specialSigKey, SECRET_SIG: specialSecretSig });
});
