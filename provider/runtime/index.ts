/**
 * The code that runs inside the dynamic-provider plugin process. The serialized providers (see
 * ../resources/shim.ts) are thin: they `require` this module at call time, so `__provider` in state stays small,
 * holds no credential, and a newer installed version of the package serves resources created by an older one.
 */
import { DynamicMethods, lifecycle } from './lifecycle';
import { secretKeySpec } from './secret-key';
import { ConfigSource, Settings } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';

let settings: Promise<Settings> = Promise.resolve(new Settings(undefined, process.env));

/**
 * Called by the plugin with the whole stack config. The plugin caches a provider before `configure` has finished
 * and may call it in parallel meanwhile, so every method awaits `settings` rather than reading a field.
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
