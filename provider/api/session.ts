/**
 * What one client keeps for its credentials: the token source (so concurrent callers share one refresh), the rate
 * limiter (GoTo's limit is per token), the redactor that keeps credential material out of messages, the keys of
 * webhooks created moments ago (reads of them wait out GoTo's eventual consistency), and the clock of every wait.
 *
 * A session belongs to its client: nothing is shared through the process. Code that sends for the same token from
 * several places shares one client (the provider runtime makes one per organizer).
 */
import { SYSTEM_CLOCK, type Clock } from './clock';
import { GoToConfigError } from './errors';
import { GOTO_RATE_LIMIT, RateLimit, SlidingWindowLimiter } from './rate-limiter';
import { Redactor } from './redact';
import { OAuthTokenSource, RefreshTokenRotated, StaticTokenSource, TokenSource } from './token-source';
import type { SettingNames } from './setting-names';
import type { Credentials } from './types';

export interface Session {
  tokens: TokenSource;
  limiter: SlidingWindowLimiter;
  redactor: Redactor;
  /** webhookKey → epoch ms of its creation by this client. */
  recentlyCreated: Map<string, number>;
  /** The one clock of every wait: rate limit, backoff, consistency polls, token refresh. */
  clock: Clock;
}

export interface SessionOptions {
  authUrl: string;
  rateLimit?: RateLimit;
  timeoutMs: number;
  clock?: Clock;
  onRefreshTokenRotated?: RefreshTokenRotated;
  names: SettingNames;
}

export function createSession(credentials: Credentials, options: SessionOptions): Session {
  const material = validateCredentials(credentials);
  const redactor = new Redactor(material);
  const clock = options.clock ?? SYSTEM_CLOCK;
  const tokens =
    'accessToken' in credentials
      ? new StaticTokenSource(credentials.accessToken, options.names)
      : new OAuthTokenSource(credentials, options.authUrl, redactor, options.timeoutMs, clock, options.names, options.onRefreshTokenRotated);
  return {
    tokens,
    limiter: new SlidingWindowLimiter(
      options.rateLimit ?? GOTO_RATE_LIMIT,
      () => clock.now(),
      (ms) => clock.sleep(ms),
    ),
    redactor,
    recentlyCreated: new Map(),
    clock,
  };
}

/** Checks the credential fields and returns their values (for redaction). The one check of credentials. */
function validateCredentials(credentials: Credentials): string[] {
  const fail = (what: string) =>
    new GoToConfigError(
      `GoToWebinar credentials are incomplete: ${what}. Give either { accessToken }, or an OAuth client with a ` +
        "user's grant: { clientId, clientSecret, personalAccessToken } or { clientId, clientSecret, refreshToken }.",
    );
  if (typeof credentials !== 'object' || credentials === null) throw fail('none were given');
  // The values are checked as what they may be at run time (a caller in JavaScript), not as their types say.
  const hasText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if ('accessToken' in credentials) {
    if (!hasText(credentials.accessToken)) throw fail('accessToken is empty');
    return [credentials.accessToken];
  }
  const [grant, grantValue] =
    'personalAccessToken' in credentials
      ? (['personalAccessToken', credentials.personalAccessToken] as const)
      : (['refreshToken', credentials.refreshToken] as const);
  const fields = [
    ['clientId', credentials.clientId],
    ['clientSecret', credentials.clientSecret],
    [grant, grantValue],
  ] as const;
  const missing = fields.filter(([, v]) => !hasText(v)).map(([k]) => k);
  if (missing.length > 0) throw fail(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  return fields.map(([, v]) => v);
}
