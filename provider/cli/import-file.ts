/**
 * `pulumi-gotowebinar import-file`: the file `pulumi import --file` takes to bring a hand-made GoTo account into a
 * stack on the native provider, in one step. It lists every webhook of the application and, per organizer (the
 * default account and each credentials profile), every subscription, and names each resource after what it is:
 * a webhook after its event and callback path (`registrant-added-goto-registrations`), a subscription after its
 * webhook and organizer (`registrant-added-goto-registrations-alice`). A subscription belongs to its user, and
 * an import reads it with its provider's credentials alone (the engine gives Read nothing but the key): so each
 * organizer profile gets a provider of its own in the file, `{ organizer: "<name>" }` (credentials stay in the
 * environment or stack config, never in the file), and its subscriptions name that provider.
 * Nothing is created or changed at GoTo: only lists are read.
 */
import type { UserSubscription, Webhook } from '../api';
import { nativeTypeToken, PROVIDER_TYPE_TOKEN } from '../runtime';
import { Runtime, type RuntimeLog } from '../runtime/runtime';
import { Settings } from '../runtime/settings';

export interface ImportSpec {
  type: string;
  name: string;
  /** The object's key (none for a provider declared in the file). */
  id?: string;
  /** The provider declared in the file that reads the object (an organizer's). */
  provider?: string;
  /** A provider's configuration. */
  inputs?: Record<string, string>;
}

export interface ImportFile {
  resources: ImportSpec[];
}

/** A command has no engine: what the runtime would warn about goes to stderr, which `> file` keeps apart. */
const STDERR_LOG: RuntimeLog = {
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  progress: (message) => process.stderr.write(`gotowebinar: ${message}\n`),
};

const WEBHOOK = nativeTypeToken('webhook');
const SUBSCRIPTION = nativeTypeToken('userSubscription');
const PROVIDER = PROVIDER_TYPE_TOKEN;

/** Lower-case words of letters and digits joined by "-": a Pulumi resource name any language accepts. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** `registrant.added` + `https://h.example.com/goto/registrations` → `registrant-added-goto-registrations`. */
function webhookName(w: Webhook): string {
  let path = '';
  try {
    path = new URL(w.callbackUrl).pathname;
  } catch {
    // Not a URL GoTo would call: the event and key name it.
  }
  return [slug(w.eventName), slug(path)].filter((p) => p !== 'x').join('-') || `webhook-${slug(w.webhookKey)}`;
}

/** Names made unique by a counter, in the order asked for. */
function uniqueNames(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}-${n}`;
  };
}

/**
 * `organizers`: the credentials profiles whose subscriptions to include (the default account's always are). The
 * settings read credentials as the provider does: stack config is not available here, so the environment
 * (GOTOWEBINAR_*, GOTOWEBINAR_ORGANIZER_<NAME>_*).
 */
export async function importFile(env: NodeJS.ProcessEnv, organizers: string[]): Promise<ImportFile> {
  const runtime = new Runtime(new Settings(undefined, env), STDERR_LOG);
  const unique = uniqueNames();
  const resources: ImportSpec[] = [];
  const names = new Map<string, string>();
  const webhooks = (await runtime.connection().listWebhooks()).sort((a, b) => a.webhookKey.localeCompare(b.webhookKey));
  for (const w of webhooks) {
    const name = unique(webhookName(w));
    names.set(w.webhookKey, name);
    resources.push({ type: WEBHOOK, name, id: w.webhookKey });
  }
  for (const organizer of [undefined, ...organizers]) {
    const subscriptions: UserSubscription[] = await runtime.connection(organizer).listUserSubscriptions();
    const provider = organizer === undefined ? undefined : slug(organizer);
    if (provider !== undefined) resources.push({ type: PROVIDER, name: provider, inputs: { organizer: organizer! } });
    for (const s of subscriptions.sort((a, b) => a.subscriptionKey.localeCompare(b.subscriptionKey))) {
      const of = names.get(s.webhookKey) ?? `webhook-${slug(s.webhookKey)}`;
      resources.push({
        type: SUBSCRIPTION,
        name: unique(`${of}-${provider ?? 'default'}`),
        id: s.subscriptionKey,
        ...(provider === undefined ? {} : { provider }),
      });
    }
  }
  return { resources };
}
