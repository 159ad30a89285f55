/**
 * The code that runs inside the dynamic-provider plugin process, published as `pulumi-gotowebinar/runtime`. The
 * serialized providers (see ../resources/shim.ts) are thin: they `require` this module at call time, so
 * `__provider` in state stays small, holds no credential, and a newer installed version of the package serves
 * resources created by an older one. Its exports (`configure`, `providers`) are what that text calls: the
 * interface between the shim and the package, not an API for programs.
 */
import { DynamicMethods, lifecycle } from './lifecycle';
import { secretKeySpec } from './secret-key';
import { ConfigSource, Settings } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';
import { reportRefreshTokenRotations } from './token-rotation';

reportRefreshTokenRotations();

let settings: Promise<Settings> = Promise.resolve(new Settings(undefined, process.env));

/**
 * Called by the plugin with the whole stack config. The plugin (`getProvider` in @pulumi/pulumi's
 * cmd/dynamic-provider) caches a provider as soon as it has deserialized it and only then awaits its `configure`,
 * so a call for the same `__provider` text that arrives meanwhile runs without waiting for it. That race is harmless
 * here because `settings` is replaced synchronously, inside the plugin's call to `configure` and before its first
 * await: no method can see the settings from before `configure` (the environment-only value above serves callers
 * that never configure). Each resource type has its own text, so `configure` runs once per text, every time with the
 * same stack config, and methods read `settings` when they are called (`currentSettings`).
 */
export function configure(req: { config: ConfigSource }): Promise<void> {
  settings = Promise.resolve(new Settings(req.config, process.env));
  return settings.then(() => undefined);
}

const currentSettings = () => settings;

export type ResourceKind = 'webhook' | 'secretKey' | 'userSubscription';

export const providers: Record<ResourceKind, DynamicMethods> = {
  webhook: lifecycle(webhookSpec, currentSettings),
  secretKey: lifecycle(secretKeySpec, currentSettings),
  userSubscription: lifecycle(userSubscriptionSpec, currentSettings),
};
