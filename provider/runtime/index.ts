/**
 * The code that runs inside the dynamic-provider plugin process, published as `pulumi-gotowebinar/runtime`. The
 * serialized providers (see ../resources/shim.ts) are thin: they `require` this module at call time, so
 * `__provider` in state stays small, holds no credential, and a newer installed version of the package serves
 * resources created by an older one. Its exports (`configure`, `providers`) are what that text calls: the
 * interface between the shim and the package, not an API for programs.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { CheckedInputsOf, OutputsOf } from '../declarations';
import { RuntimeDoor } from './door';
import { engineLog } from './engine-log';
import { pluginLog } from './runtime';
import { secretKeySpec } from './secret-key';
import type { ConfigSource } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';

/**
 * This module is the dynamic resources' front door: the SDK's dynamic-provider plugin (`cmd/dynamic-provider`) loads
 * it through `__provider`, started with the engine's address as its first argument; elsewhere (a test calling the
 * methods directly) warnings go to stderr.
 */
const door = new RuntimeDoor(pluginLog(engineLog(/dynamic-provider/.test(process.argv[1] ?? '') ? process.argv[2] : undefined)));

/**
 * Called by the plugin with the whole stack config. The plugin (`getProvider` in @pulumi/pulumi's
 * cmd/dynamic-provider) configures each resource type's `__provider` text when it first meets it, so `configure`
 * runs once per type, every time with the same stack config: the door keeps its runtime unless the config differs,
 * and replaces it before any await (the plugin does not wait for `configure` before it runs a call for the same
 * text that arrives meanwhile).
 */
export function configure(req: { config: ConfigSource }): Promise<void> {
  door.configure(req.config);
  return Promise.resolve();
}

export { checkProviderConfig } from './door';
export { nativeTypeToken, PROVIDER_TYPE_TOKEN, type ResourceKind } from '../declarations/registry';

/** Each kind's provider methods, as the serialized `__provider` texts call them: `providers.webhook.create(…)`. */
export const providers = door.providers;

// The methods have the shapes of the SDK's typed dynamic provider (checked at compile time only: the runtime does
// not load the SDK). Not `read`, whose type in the SDK says a refresh's inputs are outputs.
type Fits<D> = Omit<pulumi.dynamic.ResourceProvider<CheckedInputsOf<D>, OutputsOf<D>>, 'read'>;
providers satisfies {
  webhook: Fits<typeof webhookSpec.declaration>;
  secretKey: Fits<typeof secretKeySpec.declaration>;
  userSubscription: Fits<typeof userSubscriptionSpec.declaration>;
};
