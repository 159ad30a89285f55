/**
 * How the engine marks a secret inside a property value: `{ [SIG_KEY]: SECRET_SIG, value }`. The SDK exports the same
 * two constants (`specialSigKey`, `specialSecretSig` in @pulumi/pulumi/runtime/rpc), but loading that module loads
 * the whole SDK, which the plugin otherwise never does (docs/native-provider.md, "What a provider instance costs");
 * test/native/secret-marker.test.ts holds these equal to the SDK's.
 */
export const SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
