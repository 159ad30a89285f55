/**
 * Why a `pulumi import` (the native provider's Read with nothing but a key) fails, in the provider's own words.
 *
 * Left to the engine, a Read that finds nothing ends the import with "provider does not support importing
 * resources; please try updating the 'gotowebinar' plugin" (an answer with an empty id and no inputs) or
 * "resource '<key>' does not exist" (no properties at all): neither says with whose credentials the provider looked,
 * which is what decides whether GoTo shows a subscription, nor what to do. So the lifecycle throws these instead; the
 * engine then fails the import with this message and records nothing.
 */
import type { CheckFailure } from '../declarations';
import { showName } from '../rules';
import { ProviderError } from './errors';
import type { Settings } from './settings';

/**
 * Whose credentials a call without an `organizer` input uses, for a message: a profile's name or "the default
 * account", and the setting that holds its credential (a key or variable name, never a value).
 */
export function credentialsLabel(settings: Settings): string {
  const organizer = settings.organizerFor(undefined);
  const whose = organizer === undefined ? 'the default account' : `the organizer profile ${showName(organizer)}`;
  try {
    return `${whose} (${settings.credentials(organizer).source})`;
  } catch {
    return whose; // no credentials: the read failed on that already, this is only for the wording
  }
}

/** What each kind's object belongs to, and so where else it may be found. */
const WHERE_ELSE: Record<string, string> = {
  Webhook:
    'A webhook belongs to the OAuth application: check the key (`npx pulumi-gotowebinar import-file` lists every ' +
    "webhook the application has), or, if it is another application's, import it through a provider with that " +
    "application's credentials (`pulumi import … --provider NAME=URN`).",
  UserSubscription:
    'A subscription belongs to the organizer who made it, and GoTo shows it to that organizer\'s credentials only. ' +
    "If it is another organizer's, import it through a provider of theirs: declare one with `organizer: NAME` " +
    '(`new gotowebinar.Provider("NAME", { organizer: "NAME" })`; in YAML, `type: pulumi:providers:gotowebinar`), run ' +
    '`pulumi up`, then `pulumi import gotowebinar:index:UserSubscription <name> <key> --provider NAME=<its URN>`; or ' +
    'let `npx pulumi-gotowebinar import-file --organizer NAME` write the import file (it declares that provider) and ' +
    'run `pulumi import --file` with it.',
};

/** The import of `id` found nothing with the credentials described by `whose` (see credentialsLabel). */
export function importNotFound(kind: string, id: string, whose: string): ProviderError {
  return ProviderError.importNotFound(
    `Cannot import ${kind} ${showName(id)}: GoTo has no such ${kind} for the credentials of ${whose}; nothing was ` +
      `imported. ${WHERE_ELSE[kind] ?? 'Check the key.'}`,
    id,
  );
}

/**
 * The object exists, but in a property GoTo cannot change in place it has a value no program may declare (a
 * webhook of another GoTo product): importing it would give a resource whose every preview fails its check.
 * `failures` are those of the declaration's check on the inputs that describe it.
 */
export function importUnmanageable(kind: string, id: string, failures: CheckFailure[]): ProviderError {
  return ProviderError.notManageable(
    `Cannot import ${kind} ${showName(id)}: it exists at GoTo, but this provider cannot manage it: ` +
      `${failures.map((f) => f.reason).join(' ')} GoTo cannot change that in place, so no program could declare it ` +
      'as it is; nothing was imported. Leave it out of the stack: Pulumi does not touch what it does not manage.',
    id,
  );
}
