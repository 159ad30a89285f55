/**
 * What a front door of the runtime holds: the dynamic resources' (index.ts, loaded by the SDK's dynamic-provider
 * plugin) and the native provider's (native/server.ts) each make one, with the log of their own plugin process. It
 * keeps one Runtime, made by `configure` and kept while the configuration is the same, and the lifecycle of every
 * kind of the registry over it.
 */
import { PROVIDER_CONFIG } from '../declarations/provider-config';
import type { ResourceKind } from '../declarations/registry';
import { showName } from '../rules';
import type { CheckFailure } from '../declarations';
import { lifecycle, type DiffResult } from './lifecycle';
import { Runtime, type RuntimeLog } from './runtime';
import { secretKeySpec } from './secret-key';
import { Settings, type ConfigSource } from './settings';
import { userSubscriptionSpec } from './user-subscription';
import { webhookSpec } from './webhook';

/** One lifecycle per kind of the registry (declarations/registry.ts): a kind without its spec does not compile. */
function providersOver(current: () => Runtime) {
  return {
    webhook: lifecycle(webhookSpec, current),
    secretKey: lifecycle(secretKeySpec, current),
    userSubscription: lifecycle(userSubscriptionSpec, current),
  } satisfies Record<ResourceKind, unknown>;
}

export type Providers = ReturnType<typeof providersOver>;

type Props = Record<string, unknown>;

/**
 * A kind's methods as a door that reads properties off the wire calls them: plain property bags, whatever the kind.
 * The lifecycle checks them (check fills and validates the inputs the engine then hands to create and update; the
 * rest comes from the state this provider wrote).
 */
export interface WireProvider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(news: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props?: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

export class RuntimeDoor {
  /** Until `configure` (a caller that never configures reads the environment only). */
  private runtime: Runtime;
  readonly providers: Providers;

  constructor(
    private readonly log: RuntimeLog,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.runtime = new Runtime(new Settings(undefined, env), log);
    this.providers = providersOver(() => this.runtime);
  }

  /** The kind's methods for a door that has only property bags (the native provider's gRPC server). */
  wire(kind: ResourceKind): WireProvider {
    // The one place the kinds' typed inputs meet untyped properties: see WireProvider. (TypeScript relates methods'
    // parameters both ways, and each kind's typed inputs are property bags.)
    return this.providers[kind];
  }

  /**
   * The runtime, and with it every connection (one rate limiter and one set of coalescers per credentials), is kept
   * unless the config differs. It is replaced synchronously, so no call can see the runtime from before.
   */
  configure(config: ConfigSource): void {
    const settings = new Settings(config, this.env);
    if (settings.fingerprint() !== this.runtime.settings.fingerprint()) this.runtime = new Runtime(settings, this.log);
  }
}

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
