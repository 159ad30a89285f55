/**
 * The root stack's configuration: what a stack file (`Pulumi.<stack>.yaml`) declares, read and validated before a
 * single resource is registered. Every problem is reported at once, each naming the full config key
 * (`gotowebinar-webhooks:webhooks.registrations.event`) and what to write instead.
 *
 * Plain data in, plain data out: no Pulumi import, so it is unit-tested directly. Values are checked with the
 * resources' own rules (pulumi-gotowebinar/rules), and so are the values the program derives from them (the
 * callback URLs): nothing the config accepts is refused later, after something was created.
 *
 *   gotowebinar-webhooks:callbackBaseUrl: https://hooks.example.com/goto   # https, or http on loopback only
 *   gotowebinar-webhooks:callbackTokenRotation: "2026-01"                  # optional: change it for a new path token
 *   gotowebinar-webhooks:webhooks:                                         # name -> webhook
 *     registrations: { event: registrant.added }                           # state ACTIVE (default), path = name
 *     changes: { event: webinar.changed, state: INACTIVE, path: webinars/changed }
 *   gotowebinar-webhooks:secretKey: { rotation: "2026-01", validFrom: "2026-01-01T00:00:00Z" }  # both optional
 *   gotowebinar-webhooks:subscriptions:                                    # organizer profile -> webhook names
 *     alice: [registrations, changes]
 *     bob: { webhooks: [registrations], state: INACTIVE }
 *
 * Credentials and the API URL never belong here: they are `gotowebinar:*` keys set with `pulumi config set --secret`
 * or `GOTOWEBINAR_*` environment variables, read by the provider when it runs.
 *
 * Each part is read in its own file: callback.ts (the base URL, the token rotation and the URLs made from them),
 * webhooks.ts, secret-key.ts, subscriptions.ts; issues.ts names the keys, read.ts reads structured values.
 */
import { checkCallbackUrls, readCallbackBaseUrl, readTokenRotation } from './callback';
import { child, Issues, StackConfigError } from './issues';
import { readSecretKey } from './secret-key';
import { readSubscriptions } from './subscriptions';
import { PROJECT, type StackSettings } from './types';
import { readWebhooks } from './webhooks';

export { callbackUrlFor, MAX_PATH_TOKEN_LENGTH } from './callback';
export { StackConfigError, type ConfigIssue } from './issues';
export type { Outputs } from './outputs';
export * from './types';

const KNOWN_KEYS = ['callbackBaseUrl', 'callbackTokenRotation', 'webhooks', 'secretKey', 'subscriptions'] as const;
/** Credentials and URLs the provider reads: they have no place in the project's namespace. */
const PROVIDER_KEYS = ['accessToken', 'personalAccessToken', 'clientId', 'clientSecret', 'refreshToken', 'apiUrl', 'authUrl', 'authorizeUrl', 'organizers'];

/**
 * Validates the stack configuration. `config` is the whole stack config as the Pulumi runtime holds it
 * (`pulumi.runtime.allConfig()`): `namespace:key` → string, structured values as JSON text.
 * @throws StackConfigError listing every problem, each naming its key
 */
export function parseStackConfig(config: Record<string, string>, project = PROJECT): StackSettings {
  const issues = new Issues(`${project}:`);
  unknownKeys(config, issues);
  const callbackBaseUrl = readCallbackBaseUrl(config, issues);
  const callbackTokenRotation = readTokenRotation(config, issues);
  const webhooks = readWebhooks(config, issues);
  if (callbackBaseUrl !== undefined) checkCallbackUrls(callbackBaseUrl, webhooks.decls, webhooks.pathWritten, issues);
  const secretKey = readSecretKey(config, issues);
  const subscriptions = readSubscriptions(config, webhooks.declared, issues);
  if (issues.list.length > 0) throw new StackConfigError(issues.list);
  return { callbackBaseUrl: callbackBaseUrl!, callbackTokenRotation, webhooks: webhooks.decls, secretKey, subscriptions };
}

/** Keys of the project's namespace that are not its settings: typos, or provider settings in the wrong place. */
function unknownKeys(config: Record<string, string>, issues: Issues): void {
  for (const k of Object.keys(config)) {
    if (!k.startsWith(issues.namespace)) continue;
    const name = k.slice(issues.namespace.length);
    if ((KNOWN_KEYS as readonly string[]).includes(name)) continue;
    if (PROVIDER_KEYS.includes(name)) {
      issues.add(name, `is a provider setting: use gotowebinar:${name} (secrets with --secret) or the GOTOWEBINAR_* environment variables.`);
    } else {
      issues.add(child('', name), `is not a setting of this project; expected one of: ${KNOWN_KEYS.join(', ')}.`);
    }
  }
}
