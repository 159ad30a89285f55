/**
 * The code that runs inside the dynamic-provider plugin process, published as `pulumi-gotowebinar/runtime`. The
 * serialized providers (see ../resources/shim.ts) are thin: they `require` this module at call time, so
 * `__provider` in state stays small, holds no credential, and a newer installed version of the package serves
 * resources created by an older one. Its exports (`configure`, `providers`) are what that text calls: the
 * interface between the shim and the package, not an API for programs.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { CheckedInputsOf, OutputsOf } from '../declarations';
import { lifecycle } from './lifecycle';
import { engineLog } from './engine-log';
import { pluginLog, Runtime } from './runtime';
import { secretKeySpec } from './secret-key';
import { PROVIDER_CONFIG } from '../declarations/provider-config';
import type { ResourceKind } from '../declarations/registry';
import { showName } from '../rules';
import { ConfigSource, Settings } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';

/**
 * This module is the dynamic resources' front door: the SDK's dynamic-provider plugin (`cmd/dynamic-provider`) loads
 * it through `__provider`, started with the engine's address as its first argument (as is the native provider's
 * main.ts, which serves this same runtime); elsewhere (a test calling the methods directly) warnings go to stderr.
 */
const log = pluginLog(engineLog(/dynamic-provider|native[\\/]main/.test(process.argv[1] ?? '') ? process.argv[2] : undefined));

/** Until `configure` (a caller that never configures reads the environment only). */
let runtime = new Runtime(new Settings(undefined, process.env), log);

/**
 * Called by the plugin with the whole stack config. The plugin (`getProvider` in @pulumi/pulumi's
 * cmd/dynamic-provider) configures each resource type's `__provider` text when it first meets it, so `configure`
 * runs once per type, every time with the same stack config: the runtime, and with it every connection (one rate
 * limiter and one set of coalescers per credentials), is kept unless the config differs. It is replaced
 * synchronously, before the first await, so no method can see the runtime from before `configure` (the plugin does
 * not wait for `configure` before it runs a call for the same text that arrives meanwhile).
 */
export function configure(req: { config: ConfigSource }): Promise<void> {
  const settings = new Settings(req.config, process.env);
  if (settings.fingerprint() !== runtime.settings.fingerprint()) runtime = new Runtime(settings, log);
  return Promise.resolve();
}

const current = () => runtime;

/** Keys a provider's configuration may have besides its settings: the engine adds the plugin's version. */
const ENGINE_KEYS = new Set(['version', 'pluginDownloadURL']);

/**
 * Why each of a native provider's arguments (keys without the `gotowebinar:` namespace) cannot be used, by the same
 * rules as the stack config; unknown keys too. With the environment, as Configure will read it.
 */
export function checkProviderConfig(args: Record<string, unknown>, env: NodeJS.ProcessEnv): { property: string; reason: string }[] {
  const unknown = Object.keys(args)
    .filter((k) => !Object.hasOwn(PROVIDER_CONFIG, k) && k !== 'organizers' && !ENGINE_KEYS.has(k))
    .map((k) => ({
      property: k,
      reason: `${showName(k)} is not a setting of the gotowebinar provider; its settings are ${[...Object.keys(PROVIDER_CONFIG), 'organizers'].join(', ')}.`,
    }));
  const settings = new Settings({ get: (key) => args[key.replace(/^gotowebinar:/, '')] }, env);
  const problems = settings.problems().map((p) => ({ property: p.key.replace(/^gotowebinar:/, ''), reason: p.reason }));
  return [...unknown, ...problems];
}

export { nativeTypeToken, PROVIDER_TYPE_TOKEN, type ResourceKind } from '../declarations/registry';

/** One lifecycle per kind of the registry (declarations/registry.ts): a kind without its spec does not compile. */
export const providers = {
  webhook: lifecycle(webhookSpec, current),
  secretKey: lifecycle(secretKeySpec, current),
  userSubscription: lifecycle(userSubscriptionSpec, current),
} satisfies Record<ResourceKind, unknown>;

// The methods have the shapes of the SDK's typed dynamic provider (checked at compile time only: the runtime does
// not load the SDK). Not `read`, whose type in the SDK says a refresh's inputs are outputs.
type Fits<D> = Omit<pulumi.dynamic.ResourceProvider<CheckedInputsOf<D>, OutputsOf<D>>, 'read'>;
providers satisfies {
  webhook: Fits<typeof webhookSpec.declaration>;
  secretKey: Fits<typeof secretKeySpec.declaration>;
  userSubscription: Fits<typeof userSubscriptionSpec.declaration>;
};
