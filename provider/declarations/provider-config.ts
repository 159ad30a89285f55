/**
 * The provider's configuration, declared once: each `gotowebinar:*` key with its environment variable, its type,
 * whether it is secret, and one line on it. The settings (provider/runtime/settings.ts) read these keys, the native
 * provider's schema declares them as its config, and the README's configuration table is made from them.
 */

export interface Setting {
  /** The environment variable that serves when the stack config does not set the key. */
  env: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  secret?: boolean;
  description: string;
}

export const PROVIDER_CONFIG = {
  accessToken: {
    env: 'GOTOWEBINAR_ACCESS_TOKEN',
    type: 'string',
    secret: true,
    description:
      "A bearer token (GoTo's last an hour): for a quick try. For a pipeline use personalAccessToken or refreshToken, with clientId and clientSecret.",
  },
  personalAccessToken: {
    env: 'GOTOWEBINAR_PERSONAL_ACCESS_TOKEN',
    type: 'string',
    secret: true,
    description:
      "A user's personal access token (made at myaccount.goto.com, Developer tools), exchanged for access tokens with clientId and clientSecret: the credential for a pipeline.",
  },
  clientId: {
    env: 'GOTOWEBINAR_CLIENT_ID',
    type: 'string',
    description: "The OAuth client (the application): with clientSecret and a user's personalAccessToken or refreshToken, access tokens are renewed as needed.",
  },
  clientSecret: { env: 'GOTOWEBINAR_CLIENT_SECRET', type: 'string', secret: true, description: "The OAuth client's secret." },
  refreshToken: {
    env: 'GOTOWEBINAR_REFRESH_TOKEN',
    type: 'string',
    secret: true,
    description: "A user's OAuth refresh token (the default account's), with clientId and clientSecret: `npx pulumi-gotowebinar login` gets one and stores it.",
  },
  organizer: {
    env: 'GOTOWEBINAR_ORGANIZER',
    type: 'string',
    description:
      'Act as this credentials profile (see organizers) wherever a resource names no organizer: a provider instance per organizer without credentials in the program, e.g. { organizer: "alice" }.',
  },
  apiUrl: { env: 'GOTOWEBINAR_API_URL', type: 'string', description: 'Default https://api.getgo.com/G2W/rest/v2.' },
  authUrl: {
    env: 'GOTOWEBINAR_AUTH_URL',
    type: 'string',
    description: 'Default https://authentication.logmeininc.com/oauth/token.',
  },
  authorizeUrl: {
    env: 'GOTOWEBINAR_AUTHORIZE_URL',
    type: 'string',
    description: "Where `login` sends the browser; default the token URL's sibling …/oauth/authorize.",
  },
  consistencyTimeoutSeconds: {
    env: 'GOTOWEBINAR_CONSISTENCY_TIMEOUT_SECONDS',
    type: 'number',
    description: 'How long activation waits for a new webhook to be visible at GoTo; default 30.',
  },
  readSnapshotSeconds: {
    env: 'GOTOWEBINAR_READ_SNAPSHOT_SECONDS',
    type: 'number',
    description:
      'How far apart the reads of diffs and refreshes may come and still share one list answer (0 to 300; one answer serves for at most 60 s, or this long if longer); default 5, 0 = a GET per object.',
  },
  liveDiff: {
    env: 'GOTOWEBINAR_LIVE_DIFF',
    type: 'boolean',
    description:
      'false: previews compare with the stack state only (one warning says drift was not checked), for previews that must not or cannot reach GoTo; default true.',
  },
  diffTimeoutSeconds: {
    env: 'GOTOWEBINAR_DIFF_TIMEOUT_SECONDS',
    type: 'number',
    description: 'How long a diff may take to read one object before the preview fails, saying so; default 20.',
  },
  rateLimitWaitSeconds: {
    env: 'GOTOWEBINAR_RATE_LIMIT_WAIT_SECONDS',
    type: 'number',
    description:
      'How long a request answered 429 (rate limited: usually another user of the same token) is retried before it fails; default 300.',
  },
  maxBatchSize: {
    env: 'GOTOWEBINAR_MAX_BATCH_SIZE',
    type: 'integer',
    description:
      'Most objects in one array request made of the writes that resources run at the same time; default 100, 1 turns coalescing off.',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof PROVIDER_CONFIG;

/** Credentials profiles by organizer name (`gotowebinar:organizers.<name>.refreshToken`, …); see settings.ts. */
export const ORGANIZERS_DESCRIPTION =
  'Credentials profiles by organizer name, each { personalAccessToken }, { refreshToken } or { accessToken } (clientId and clientSecret are inherited unless given): a resource names one with its organizer input.';

/** The fields of one organizer's profile (`gotowebinar:organizers.<name>.<field>`): what is secret, and what it is. */
export const ORGANIZER_PROFILE_FIELDS = {
  personalAccessToken: { secret: true, description: "This organizer's personal access token." },
  refreshToken: { secret: true, description: "This organizer's refresh token (`npx pulumi-gotowebinar login --organizer <name>` stores it)." },
  accessToken: { secret: true, description: "This organizer's access token (lasts an hour)." },
  clientId: { secret: false, description: "The OAuth client id for this organizer (default: the provider's)." },
  clientSecret: { secret: true, description: "The OAuth client secret for this organizer (default: the provider's)." },
} as const satisfies Record<string, { secret: boolean; description: string }>;

export type OrganizerProfileField = keyof typeof ORGANIZER_PROFILE_FIELDS;
