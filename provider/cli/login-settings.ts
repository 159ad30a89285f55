/**
 * What `login` signs in with: the OAuth client (clientId, clientSecret) and GoTo's URLs, read as the provider reads
 * them: the stack config first, then the GOTOWEBINAR_* variable, key by key; for an organizer profile its own
 * clientId/clientSecret (`gotowebinar:organizers.<name>.clientId`) before the application's: all of it from the
 * provider's own Settings, so `login` cannot read a setting differently from the provider.
 */
import { authorizeUrlOf, DEFAULT_AUTH_URL, GoToConfigError, type SettingNames } from '../api';
import { Settings, type ConfigSource } from '../runtime/settings';

export interface LoginSettings {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  authorizeUrl: string;
  /** What the client's messages call each setting. */
  names: SettingNames;
  /**
   * Where a credential of the same profile is set that the provider uses before a refresh token (an access token,
   * a personal access token), by key or variable, never by value: the new refresh token would sit unused.
   */
  usedFirst?: { grant: string; source: string };
  /** `gotowebinar:organizer`, when set and no --organizer given: the profile resources without an organizer act as. */
  actingOrganizer?: string;
}

/** `config`: the stack's config, or undefined when none was read (the environment alone). */
export function loginSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv, organizer?: string): LoginSettings {
  const settings = new Settings(config, env);
  const { clientId, clientSecret, names } = settings.oauthClient(organizer);
  const missing = [!clientId && names.clientId, !clientSecret && names.clientSecret].filter((n): n is string => Boolean(n));
  if (missing.length) {
    throw new GoToConfigError(
      `No OAuth client to sign in with: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} set neither in the ` +
        "stack's config nor in the environment. Set your application's client from GoTo's developer center: " +
        '`pulumi config set gotowebinar:clientId …` and `pulumi config set --secret gotowebinar:clientSecret …` ' +
        '(or GOTOWEBINAR_CLIENT_ID and GOTOWEBINAR_CLIENT_SECRET).',
      `gotowebinar:${clientId ? 'clientSecret' : 'clientId'}`,
    );
  }
  const authUrl = settings.url('authUrl') ?? DEFAULT_AUTH_URL;
  return {
    clientId: clientId!,
    clientSecret: clientSecret!,
    authUrl,
    authorizeUrl: settings.url('authorizeUrl') ?? authorizeUrlOf(authUrl),
    names: { ...names, newRefreshToken: 'by signing in again' },
    usedFirst: usedFirst(settings, organizer),
    actingOrganizer: organizer === undefined ? settings.organizerFor(undefined) : undefined,
  };
}

/** The credential the provider would use for the profile now, when it comes before a refresh token. */
function usedFirst(settings: Settings, organizer: string | undefined): LoginSettings['usedFirst'] {
  try {
    const found = settings.credentials(organizer);
    return found.grant === 'refresh token' ? undefined : { grant: found.grant, source: found.source };
  } catch {
    // No usable credentials yet: the usual case before a first login.
    return undefined;
  }
}
