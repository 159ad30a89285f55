/**
 * Where the providers get their credentials and URLs: the stack config handed to `configure`
 * (`gotowebinar:accessToken`, …, set with `pulumi config set --secret`) or, key by key when the config lacks it, the
 * environment (`GOTOWEBINAR_ACCESS_TOKEN`, …). Resolved in the plugin process at call time, so that no credential
 * is ever serialized into `__provider` or stored in state.
 *
 * Organizers: a UserSubscription belongs to the user whose token creates it. A resource's `organizer` input names
 * a credentials profile: config `gotowebinar:organizers` (an object, e.g. set with
 * `pulumi config set --secret --path 'gotowebinar:organizers.alice.personalAccessToken' …`), or environment variables
 * `GOTOWEBINAR_ORGANIZER_<NAME>_PERSONAL_ACCESS_TOKEN` / `_REFRESH_TOKEN` / `_ACCESS_TOKEN`. A profile inherits
 * clientId/clientSecret.
 *
 * Which credential a profile uses: an access token, else a personal access token, else a refresh token (each from
 * the stack config, else the environment). `problems()` checks every setting at once, for the preview.
 */
import { DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_RETRY_POLICY, GoToConfigError, type Credentials, type SettingNames } from '../api';
import { ORGANIZER_PROFILE_FIELDS, PROVIDER_CONFIG, type OrganizerProfileField, type SettingName } from '../declarations/provider-config';
import { isLoopbackHost, organizerEnvPrefix, organizerName, show, showUrl } from '../rules';
import { isRecord, keysOf } from '../rules/objects';
import { loginCommand } from './login-command';
import { SNAPSHOT_TTL_MS } from './connection/live-snapshot';
import { DEFAULT_MAX_BATCH_SIZE } from './connection/write-batches';

/** What `configure` receives from the dynamic-provider plugin: `get` sees the whole stack config. */
export interface ConfigSource {
  get(key: string): unknown;
}

type Field = SettingName;

/** What a connection to GoTo is made of (see connection/connection.ts), all of it checked here, once. */
export interface ConnectionSettings {
  credentials: Credentials;
  apiUrl: string;
  authUrl: string;
  /** How long a just-created webhook may stay invisible before activation gives up (GoTo is eventually consistent). */
  consistencyTimeoutMs: number;
  /** Most objects in one coalesced array request; 1 sends every call alone. */
  maxBatchSize: number;
  /** How long one list answer may serve the reads of diff and refresh (see live-snapshot.ts); 0: a GET per object. */
  readSnapshotMs: number;
  /** How long 429 answers are waited out before a request fails. */
  retry: { rateLimitBudgetMs: number };
  /** What the client's messages call each setting: the stack config key and its variable. */
  settingNames: SettingNames;
}

const named = (key: SettingName) => `gotowebinar:${key} (${PROVIDER_CONFIG[key].env})`;

/** What the client's messages call each setting, for the default account or an organizer's profile. */
function settingNames(organizer: string | undefined, refreshTokenSource: string): SettingNames {
  return {
    apiUrl: named('apiUrl'),
    authUrl: named('authUrl'),
    accessToken: named('accessToken'),
    clientId: named('clientId'),
    clientSecret: named('clientSecret'),
    refreshToken: named('refreshToken'),
    personalAccessToken: named('personalAccessToken'),
    newRefreshToken: `with ${loginCommand(organizer, refreshTokenSource)}`,
    rateLimitWait: named('rateLimitWaitSeconds'),
  };
}

/** How to provide credentials: the end of every message that finds them missing. */
const CREDENTIALS_HINT =
  'Set the OAuth client (`pulumi config set gotowebinar:clientId …` and `pulumi config set --secret ' +
  "gotowebinar:clientSecret …`) with a user's personal access token (`pulumi config set --secret " +
  'gotowebinar:personalAccessToken …`) or refresh token (`npx pulumi-gotowebinar login` stores one); or the ' +
  'variables GOTOWEBINAR_CLIENT_ID, GOTOWEBINAR_CLIENT_SECRET and GOTOWEBINAR_PERSONAL_ACCESS_TOKEN or ' +
  'GOTOWEBINAR_REFRESH_TOKEN. For a quick try, an access token (gotowebinar:accessToken, GOTOWEBINAR_ACCESS_TOKEN) ' +
  'works for an hour.';

const PROFILE_FIELDS: OrganizerProfileField[] = keysOf(ORGANIZER_PROFILE_FIELDS);

/** The kinds of credential a profile may use, in the order they are preferred. */
export type Grant = 'access token' | 'personal access token' | 'refresh token';

/** A profile's credentials, with what kind they are and where the user set them (never a value). */
export interface FoundCredentials {
  credentials: Credentials;
  grant: Grant;
  /** The config key or variable of the credential that names the user: what to change when it fails. */
  source: string;
}

/** An OAuth client as a profile uses it, and what messages call its settings. */
export interface OAuthClientSettings {
  clientId?: string;
  clientSecret?: string;
  names: SettingNames;
}

/** Where `login` stores a profile's refresh token. */
export function refreshTokenKey(organizer: string | undefined): string {
  return organizer === undefined ? 'gotowebinar:refreshToken' : `gotowebinar:organizers.${organizer}.refreshToken`;
}

/** A setting that cannot be used: its key (as the user wrote it) and why. */
export interface SettingProblem {
  key: string;
  reason: string;
}

/** The URL settings: absolute, https (plain http only on this machine, for the simulator and tests). */
const URL_SETTINGS = ['apiUrl', 'authUrl', 'authorizeUrl'] as const;

const DEFAULT_CONSISTENCY_TIMEOUT_SECONDS = 30;
const DEFAULT_RATE_LIMIT_WAIT_SECONDS = DEFAULT_RETRY_POLICY.rateLimitBudgetMs / 1000;
/** A request of more objects than this would outlast a request timeout while GoTo GETs every callback URL. */
const MAX_BATCH_SIZE_LIMIT = 1000;
const DEFAULT_READ_SNAPSHOT_SECONDS = SNAPSHOT_TTL_MS / 1000;
/** A preview's read of one object: long enough for GoTo's retries on a bad minute, short enough to fail a CI step fast. */
const DEFAULT_DIFF_TIMEOUT_SECONDS = 20;

export class Settings {
  constructor(
    private readonly config: ConfigSource | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * Credentials, URLs and options for the default account or the named organizer profile. Credentials are only
   * found here (config, then environment); the client checks them, once.
   */
  connection(named?: string): ConnectionSettings {
    const organizer = this.organizerFor(named);
    const apiUrl = this.url('apiUrl') ?? DEFAULT_API_URL;
    const authUrl = this.url('authUrl') ?? DEFAULT_AUTH_URL;
    const { credentials } = this.credentials(organizer);
    const refreshTokenSource = 'refreshTokenSource' in credentials ? (credentials.refreshTokenSource ?? '') : '';
    return {
      credentials,
      apiUrl,
      authUrl,
      consistencyTimeoutMs: this.consistencyTimeoutSeconds() * 1000,
      maxBatchSize: this.maxBatchSize(),
      readSnapshotMs: this.seconds('readSnapshotSeconds', DEFAULT_READ_SNAPSHOT_SECONDS, 0, 300) * 1000,
      retry: { rateLimitBudgetMs: this.seconds('rateLimitWaitSeconds', DEFAULT_RATE_LIMIT_WAIT_SECONDS, 0, 3600) * 1000 },
      settingNames: settingNames(organizer, refreshTokenSource),
    };
  }

  /**
   * The OAuth client a profile uses (its own clientId and clientSecret, else the application's), and where each was
   * set, without a user's grant: what `login` signs in with. Either may be missing.
   */
  oauthClient(organizer?: string): OAuthClientSettings {
    const profile = organizer === undefined ? {} : this.organizerProfile(organizer);
    const own = (field: 'clientId' | 'clientSecret') => (profile[field] ? `gotowebinar:organizers.${organizer}.${field}` : named(field));
    return {
      ...this.clientOf(profile),
      names: { ...settingNames(organizer, refreshTokenKey(organizer)), clientId: own('clientId'), clientSecret: own('clientSecret') },
    };
  }

  /** A profile's own OAuth client, else the application's (from the profile already read: no second read of it). */
  private clientOf(profile: Partial<Record<OrganizerProfileField, string>>): { clientId?: string; clientSecret?: string } {
    return { clientId: profile.clientId ?? this.value('clientId'), clientSecret: profile.clientSecret ?? this.value('clientSecret') };
  }

  /** Whose credentials a resource uses: its own organizer, else the provider's (`gotowebinar:organizer`), else the default account (undefined). */
  organizerFor(named?: string): string | undefined {
    return named ?? this.value('organizer');
  }

  /** The credentials of the default account (undefined) or of an organizer's profile, and where they were set. */
  credentials(organizer: string | undefined): FoundCredentials {
    return organizer === undefined ? this.defaultCredentials() : this.organizerCredentials(organizer);
  }

  /**
   * Every profile this configuration names: the default account (undefined) and each organizer of
   * `gotowebinar:organizers` or of a `GOTOWEBINAR_ORGANIZER_<NAME>_*` credential variable (named by its canonical form).
   */
  profiles(): (string | undefined)[] {
    const names = new Map<string, string>();
    for (const name of Object.keys(this.organizersObject() ?? {})) names.set(organizerEnvPrefix(name), name);
    for (const key of Object.keys(this.env)) {
      const m = /^GOTOWEBINAR_ORGANIZER_([A-Z0-9_]+?)_(PERSONAL_ACCESS_TOKEN|REFRESH_TOKEN|ACCESS_TOKEN)$/.exec(key);
      if (m && nonEmpty(this.env[key]) && !names.has(`GOTOWEBINAR_ORGANIZER_${m[1]}`)) {
        names.set(`GOTOWEBINAR_ORGANIZER_${m[1]}`, m[1]!);
      }
    }
    return [undefined, ...[...names.values()].sort()];
  }

  /**
   * Every setting that cannot be used, each naming its key: what a preview refuses before anything runs (the native
   * provider's CheckConfig, the dynamic resources' check). Missing credentials are not a problem here: a later
   * run's environment may hold them, and a stack may never use the default account.
   */
  problems(): SettingProblem[] {
    const problems: SettingProblem[] = [];
    const attempt = (key: string, f: () => unknown) => {
      try {
        f();
      } catch (err) {
        if (!(err instanceof GoToConfigError)) throw err;
        problems.push({ key: err.setting ?? key, reason: err.message });
      }
    };
    for (const field of keysOf(PROVIDER_CONFIG)) {
      const raw = this.config?.get(`gotowebinar:${field}`);
      if (raw !== undefined && raw !== null && PROVIDER_CONFIG[field].type === 'string' && typeof raw !== 'string') {
        problems.push({ key: `gotowebinar:${field}`, reason: `gotowebinar:${field} must be text, got ${show(raw)}.` });
      }
    }
    for (const field of URL_SETTINGS) attempt(`gotowebinar:${field}`, () => this.url(field));
    attempt('gotowebinar:liveDiff', () => this.liveDiff());
    attempt('gotowebinar:diffTimeoutSeconds', () => this.diffTimeoutMs());
    attempt('gotowebinar:maxBatchSize', () => this.maxBatchSize());
    attempt('gotowebinar:consistencyTimeoutSeconds', () => this.consistencyTimeoutSeconds());
    attempt('gotowebinar:readSnapshotSeconds', () => this.seconds('readSnapshotSeconds', DEFAULT_READ_SNAPSHOT_SECONDS, 0, 300));
    attempt('gotowebinar:rateLimitWaitSeconds', () =>
      this.seconds('rateLimitWaitSeconds', DEFAULT_RATE_LIMIT_WAIT_SECONDS, 0, 3600),
    );
    const organizer = this.value('organizer');
    const organizerProblem = organizer === undefined ? undefined : organizerName(organizer);
    if (organizerProblem) {
      problems.push({ key: 'gotowebinar:organizer', reason: `${named('organizer')} ${organizerProblem}` });
    }
    attempt('gotowebinar:organizers', () => {
      for (const name of Object.keys(this.organizersObject() ?? {})) this.organizerProfile(name);
    });
    return problems;
  }

  /** A URL setting, checked: absolute, https or plain http on a loopback host, no user or password in it. */
  url(field: (typeof URL_SETTINGS)[number]): string | undefined {
    const raw = this.value(field);
    if (raw === undefined) return undefined;
    const where = named(field);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw configError(`${where} must be an absolute URL such as https://…, got ${showUrl(raw)}.`, `gotowebinar:${field}`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      throw configError(
        `${where} must be an https URL (plain http only on this machine: 127.0.0.1, localhost, [::1]), got ${showUrl(raw)}.`,
        `gotowebinar:${field}`,
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw configError(`${where} must not carry a user name or password.`, `gotowebinar:${field}`);
    }
    return raw;
  }

  /**
   * The settings as they are configured (not the environment's, read at call time): two Settings with the same
   * fingerprint behave alike, so the runtime keeps its connections when `configure` is called again with them.
   */
  fingerprint(): string {
    const keys = [...Object.keys(PROVIDER_CONFIG), 'organizers'].map((f) => `gotowebinar:${f}`);
    return JSON.stringify(keys.map((k) => this.config?.get(k) ?? null));
  }

  /**
   * Whether diff reads the live object (default). `gotowebinar:liveDiff false` previews from the stack state alone:
   * for a preview that must not or cannot reach GoTo (a pull request from a fork has no credentials).
   */
  liveDiff(): boolean {
    const raw = this.value('liveDiff');
    if (raw === undefined) return true;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    throw configError(`gotowebinar:liveDiff must be true or false, got ${JSON.stringify(raw)}.`, 'gotowebinar:liveDiff');
  }

  /** How long a diff may take to read one object from GoTo before it fails, saying what to do. */
  diffTimeoutMs(): number {
    return this.seconds('diffTimeoutSeconds', DEFAULT_DIFF_TIMEOUT_SECONDS, 0.1, 600) * 1000;
  }

  /**
   * `gotowebinar:maxBatchSize`: the writes of resources that the engine runs at the same time go to GoTo as array
   * requests of up to this many objects (default 100, see write-batches.ts); 1 turns coalescing off.
   */
  maxBatchSize(): number {
    const raw = this.value('maxBatchSize');
    if (raw === undefined) return DEFAULT_MAX_BATCH_SIZE;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_BATCH_SIZE_LIMIT) {
      throw configError(
        `gotowebinar:maxBatchSize (GOTOWEBINAR_MAX_BATCH_SIZE) must be a whole number from 1 to ${MAX_BATCH_SIZE_LIMIT} ` +
          `(1 turns coalescing off), got "${raw}".`,
        'gotowebinar:maxBatchSize',
      );
    }
    return n;
  }

  private consistencyTimeoutSeconds(): number {
    return this.seconds('consistencyTimeoutSeconds', DEFAULT_CONSISTENCY_TIMEOUT_SECONDS, 0.001, 3600);
  }

  private seconds(field: Field, fallback: number, min: number, max: number): number {
    const raw = this.value(field);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw configError(
        `gotowebinar:${field} (${PROVIDER_CONFIG[field].env}) must be a number of seconds from ${min} to ${max}, ` +
          `got "${raw}".`,
        `gotowebinar:${field}`,
      );
    }
    return n;
  }

  private defaultCredentials(): FoundCredentials {
    const accessToken = this.value('accessToken');
    if (accessToken) return { credentials: { accessToken }, grant: 'access token', source: this.sourceOf('accessToken') };
    const clientId = this.value('clientId');
    const clientSecret = this.value('clientSecret');
    const personalAccessToken = this.value('personalAccessToken');
    const refreshToken = this.value('refreshToken');
    if (clientId && clientSecret && personalAccessToken) {
      const source = this.sourceOf('personalAccessToken');
      return {
        credentials: { clientId, clientSecret, personalAccessToken, personalAccessTokenSource: source },
        grant: 'personal access token',
        source,
      };
    }
    if (clientId && clientSecret && refreshToken) {
      const source = this.sourceOf('refreshToken');
      return { credentials: { clientId, clientSecret, refreshToken, refreshTokenSource: source }, grant: 'refresh token', source };
    }
    const have = Object.entries({ clientId, clientSecret, personalAccessToken, refreshToken })
      .filter(([, v]) => v)
      .map(([k]) => k);
    throw configError(
      `No usable GoToWebinar credentials${have.length ? ` (found only ${have.join(', ')})` : ''}. ${CREDENTIALS_HINT}`,
    );
  }

  private organizerCredentials(name: string): FoundCredentials {
    const profile = this.organizerProfile(name);
    const envName = organizerEnvPrefix(name);
    // Each credential from the profile, else from the organizer's variable; `source` names where it was found.
    const find = (field: 'accessToken' | 'personalAccessToken' | 'refreshToken', suffix: string) => {
      const fromProfile = profile[field];
      if (fromProfile) return { value: fromProfile, source: `gotowebinar:organizers.${name}.${field}` };
      const fromEnv = nonEmpty(this.env[`${envName}_${suffix}`]);
      return fromEnv ? { value: fromEnv, source: `${envName}_${suffix}` } : undefined;
    };
    const access = find('accessToken', 'ACCESS_TOKEN');
    if (access) return { credentials: { accessToken: access.value }, grant: 'access token', source: access.source };
    const { clientId, clientSecret } = this.clientOf(profile);
    const pat = find('personalAccessToken', 'PERSONAL_ACCESS_TOKEN');
    const refresh = find('refreshToken', 'REFRESH_TOKEN');
    if (clientId && clientSecret && pat) {
      return {
        credentials: { clientId, clientSecret, personalAccessToken: pat.value, personalAccessTokenSource: pat.source },
        grant: 'personal access token',
        source: pat.source,
      };
    }
    if (clientId && clientSecret && refresh) {
      return {
        credentials: { clientId, clientSecret, refreshToken: refresh.value, refreshTokenSource: refresh.source },
        grant: 'refresh token',
        source: refresh.source,
      };
    }
    const found = pat ?? refresh;
    const noClient = found ? ` (found ${found.source}, but no OAuth client: set gotowebinar:clientId and gotowebinar:clientSecret)` : '';
    throw configError(
      `No credentials for organizer "${name}"${noClient}. Set its personal access token with \`pulumi config set ` +
        `--secret --path 'gotowebinar:organizers.${name}.personalAccessToken' …\`, or sign in with \`npx ` +
        `pulumi-gotowebinar login --organizer ${name}\` (it stores 'gotowebinar:organizers.${name}.refreshToken'), with ` +
        `gotowebinar:clientId and gotowebinar:clientSecret set for the application; or the environment variables ` +
        `${envName}_PERSONAL_ACCESS_TOKEN or ${envName}_REFRESH_TOKEN (or, for an hour, ${envName}_ACCESS_TOKEN).`,
    );
  }

  /** `gotowebinar:organizers` as an object (structured config, or its JSON text), or undefined when not set. */
  private organizersObject(): Record<string, unknown> | undefined {
    let organizers = this.config?.get('gotowebinar:organizers');
    if (typeof organizers === 'string') {
      try {
        organizers = JSON.parse(organizers);
      } catch {
        throw configError('gotowebinar:organizers must be an object of profiles (set it with `--path`), not text.', 'gotowebinar:organizers');
      }
    }
    if (organizers === undefined || organizers === null) return undefined;
    if (!isRecord(organizers) || Array.isArray(organizers)) {
      throw configError('gotowebinar:organizers must be an object of profiles.', 'gotowebinar:organizers');
    }
    return organizers;
  }

  private organizerProfile(name: string): Partial<Record<OrganizerProfileField, string>> {
    const organizers = this.organizersObject();
    // Own keys only: a name like `constructor` must not find Object.prototype's.
    if (organizers === undefined || !Object.hasOwn(organizers, name)) return {};
    const key = `gotowebinar:organizers.${name}`;
    const nameProblem = organizerName(name);
    if (nameProblem) throw configError(`gotowebinar:organizers: the profile name ${nameProblem}`, 'gotowebinar:organizers');
    const entry = organizers[name];
    if (entry === undefined) return {};
    if (!isRecord(entry) || Array.isArray(entry)) {
      throw configError(`${key} must be an object with personalAccessToken, refreshToken or accessToken.`, key);
    }
    const e = entry;
    const unknown = Object.keys(e).filter((k) => !Object.hasOwn(ORGANIZER_PROFILE_FIELDS, k));
    if (unknown.length > 0) {
      throw configError(
        `${key} has ${unknown.map((k) => show(k)).join(', ')}, which a profile does not have; its fields are ${PROFILE_FIELDS.join(', ')}.`,
        key,
      );
    }
    const wrongType = PROFILE_FIELDS.find((k) => e[k] !== undefined && e[k] !== null && typeof e[k] !== 'string');
    if (wrongType) throw configError(`${key}.${wrongType} must be text, got ${show(e[wrongType])}.`, `${key}.${wrongType}`);
    return Object.fromEntries(PROFILE_FIELDS.map((k) => [k, nonEmpty(e[k])]));
  }

  /** The config key or environment variable that `value(field)` took its value from: what to tell the user to change. */
  private sourceOf(field: Field): string {
    return nonEmpty(this.config?.get(`gotowebinar:${field}`)) !== undefined ? `gotowebinar:${field}` : PROVIDER_CONFIG[field].env;
  }

  /** Stack config wins; the environment fills what the config does not set. */
  private value(field: Field): string | undefined {
    return nonEmpty(this.config?.get(`gotowebinar:${field}`)) ?? nonEmpty(this.env[PROVIDER_CONFIG[field].env]);
  }
}

/** A set value as text: stack config gives text; a native provider's typed config may give a number or a boolean. */
function nonEmpty(v: unknown): string | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** `setting`: the one config key at fault, when there is one. */
function configError(message: string, setting?: string): GoToConfigError {
  return new GoToConfigError(message, setting);
}
