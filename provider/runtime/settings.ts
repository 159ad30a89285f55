/**
 * Where the providers get their credentials and URLs: the stack config handed to `configure`
 * (`gotowebinar:accessToken`, …, set with `pulumi config set --secret`) or, key by key when the config lacks it, the
 * environment (`GOTOWEBINAR_ACCESS_TOKEN`, …). Resolved in the plugin process at call time, so that no credential
 * is ever serialized into `__provider` or stored in state.
 *
 * Organizers: a UserSubscription belongs to the user whose token creates it. A resource's `organizer` input names
 * a credentials profile: config `gotowebinar:organizers` (an object, e.g. set with
 * `pulumi config set --secret --path 'gotowebinar:organizers.alice.refreshToken' …`), or environment variables
 * `GOTOWEBINAR_ORGANIZER_<NAME>_ACCESS_TOKEN` / `_REFRESH_TOKEN`. A profile inherits clientId/clientSecret.
 */
import { DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_RETRY_POLICY, GoToConfigError, type Credentials, type SettingNames } from '../api';
import { PROVIDER_CONFIG, type SettingName } from '../declarations/provider-config';
import { organizerEnvPrefix } from '../rules';
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

const SETTING_NAMES: SettingNames = {
  apiUrl: named('apiUrl'),
  authUrl: named('authUrl'),
  accessToken: named('accessToken'),
  clientId: named('clientId'),
  clientSecret: named('clientSecret'),
  refreshToken: named('refreshToken'),
  rateLimitWait: named('rateLimitWaitSeconds'),
};

/** How to provide credentials: the end of every message that finds them missing. */
const CREDENTIALS_HINT =
  'Either set an access token: `pulumi config set --secret gotowebinar:accessToken …` or GOTOWEBINAR_ACCESS_TOKEN; ' +
  'or OAuth refresh credentials: `pulumi config set gotowebinar:clientId …`, `pulumi config set --secret ' +
  'gotowebinar:clientSecret …`, `pulumi config set --secret gotowebinar:refreshToken …`, or ' +
  'GOTOWEBINAR_CLIENT_ID, GOTOWEBINAR_CLIENT_SECRET and GOTOWEBINAR_REFRESH_TOKEN.';

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
    // A resource's own organizer, else the provider's (`gotowebinar:organizer`), else the default account.
    const organizer = named ?? this.value('organizer');
    const apiUrl = this.value('apiUrl') ?? DEFAULT_API_URL;
    const authUrl = this.value('authUrl') ?? DEFAULT_AUTH_URL;
    const credentials = organizer === undefined ? this.defaultCredentials() : this.organizerCredentials(organizer);
    return {
      credentials,
      apiUrl,
      authUrl,
      consistencyTimeoutMs: this.consistencyTimeoutSeconds() * 1000,
      maxBatchSize: this.maxBatchSize(),
      readSnapshotMs: this.seconds('readSnapshotSeconds', DEFAULT_READ_SNAPSHOT_SECONDS, 0, 300) * 1000,
      retry: { rateLimitBudgetMs: this.seconds('rateLimitWaitSeconds', DEFAULT_RATE_LIMIT_WAIT_SECONDS, 0, 3600) * 1000 },
      settingNames: SETTING_NAMES,
    };
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
  private maxBatchSize(): number {
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

  private defaultCredentials(): Credentials {
    const accessToken = this.value('accessToken');
    if (accessToken) return { accessToken };
    const clientId = this.value('clientId');
    const clientSecret = this.value('clientSecret');
    const refreshToken = this.value('refreshToken');
    if (clientId && clientSecret && refreshToken) {
      return { clientId, clientSecret, refreshToken, refreshTokenSource: this.sourceOf('refreshToken') };
    }
    const have = Object.entries({ clientId, clientSecret, refreshToken })
      .filter(([, v]) => v)
      .map(([k]) => k);
    throw configError(
      `No usable GoToWebinar credentials${have.length ? ` (found only ${have.join(', ')})` : ''}. ${CREDENTIALS_HINT}`,
    );
  }

  private organizerCredentials(name: string): Credentials {
    const profile = this.organizerProfile(name);
    const envName = organizerEnvPrefix(name);
    const accessToken = profile.accessToken ?? nonEmpty(this.env[`${envName}_ACCESS_TOKEN`]);
    if (accessToken) return { accessToken };
    const refreshToken = profile.refreshToken ?? nonEmpty(this.env[`${envName}_REFRESH_TOKEN`]);
    const clientId = profile.clientId ?? this.value('clientId');
    const clientSecret = profile.clientSecret ?? this.value('clientSecret');
    const refreshTokenSource = profile.refreshToken
      ? `gotowebinar:organizers.${name}.refreshToken`
      : `${envName}_REFRESH_TOKEN`;
    if (refreshToken && clientId && clientSecret) return { clientId, clientSecret, refreshToken, refreshTokenSource };
    throw configError(
      `No credentials for organizer "${name}". Set its refresh token with \`pulumi config set --secret --path ` +
        `'gotowebinar:organizers.${name}.refreshToken' …\` (with gotowebinar:clientId and gotowebinar:clientSecret ` +
        `set for the application) or its access token at 'gotowebinar:organizers.${name}.accessToken'; or the ` +
        `environment variables ${envName}_REFRESH_TOKEN or ${envName}_ACCESS_TOKEN.`,
    );
  }

  private organizerProfile(name: string): Partial<Record<Field, string>> {
    let organizers = this.config?.get('gotowebinar:organizers');
    if (typeof organizers === 'string') {
      try {
        organizers = JSON.parse(organizers);
      } catch {
        throw configError('gotowebinar:organizers must be an object of profiles (set it with `--path`), not text.');
      }
    }
    if (organizers === undefined || organizers === null) return {};
    if (typeof organizers !== 'object') throw configError('gotowebinar:organizers must be an object of profiles.');
    // Own keys only: a name like `constructor` must not find Object.prototype's.
    if (!Object.hasOwn(organizers, name)) return {};
    const entry = (organizers as Record<string, unknown>)[name];
    if (entry === undefined) return {};
    if (typeof entry !== 'object' || entry === null) {
      throw configError(`gotowebinar:organizers.${name} must be an object with accessToken or refreshToken.`);
    }
    const e = entry as Record<string, unknown>;
    return {
      accessToken: nonEmpty(e.accessToken),
      refreshToken: nonEmpty(e.refreshToken),
      clientId: nonEmpty(e.clientId),
      clientSecret: nonEmpty(e.clientSecret),
    };
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
