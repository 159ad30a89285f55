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
import { Runtime } from './runtime';
import { secretKeySpec } from './secret-key';
import { ConfigSource, Settings } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';

/** Until `configure` (a caller that never configures reads the environment only). */
let runtime = new Runtime(new Settings(undefined, process.env));

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
  if (settings.fingerprint() !== runtime.settings.fingerprint()) runtime = new Runtime(settings);
  return Promise.resolve();
}

const current = () => runtime;

export type ResourceKind = 'webhook' | 'secretKey' | 'userSubscription';

export const providers = {
  webhook: lifecycle(webhookSpec, current),
  secretKey: lifecycle(secretKeySpec, current),
  userSubscription: lifecycle(userSubscriptionSpec, current),
};

// The methods have the shapes of the SDK's typed dynamic provider (checked at compile time only: the runtime does
// not load the SDK). Not `read`, whose type in the SDK says a refresh's inputs are outputs.
type Fits<D> = Omit<pulumi.dynamic.ResourceProvider<CheckedInputsOf<D>, OutputsOf<D>>, 'read'>;
providers satisfies {
  webhook: Fits<typeof webhookSpec.declaration>;
  secretKey: Fits<typeof secretKeySpec.declaration>;
  userSubscription: Fits<typeof userSubscriptionSpec.declaration>;
};
