/**
 * How messages name what a user may have to change. The client knows its own options only; a caller that reads
 * them from somewhere else (the provider runtime: stack config and environment variables) passes its own names, so
 * every message points at the place the user actually set the value.
 */
export interface SettingNames {
  apiUrl: string;
  authUrl: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  personalAccessToken: string;
  /** How a user gets a new refresh token: the end of "obtain a new one …" (the provider names its `login` command). */
  newRefreshToken: string;
  /** How long 429 answers are waited out. */
  rateLimitWait: string;
}

/** The client's own option names: the default. */
export const CLIENT_OPTION_NAMES: SettingNames = {
  apiUrl: 'the apiUrl option',
  authUrl: 'the authUrl option',
  accessToken: 'credentials.accessToken',
  clientId: 'credentials.clientId',
  clientSecret: 'credentials.clientSecret',
  refreshToken: 'credentials.refreshToken',
  personalAccessToken: 'credentials.personalAccessToken',
  newRefreshToken: "with the authorization-code flow (a user's sign-in at GoTo)",
  rateLimitWait: 'the retry.rateLimitBudgetMs option',
};
