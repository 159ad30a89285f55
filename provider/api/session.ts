/**
 * Per-credential state shared by every client in the process: one token cache (so concurrent callers share one
 * refresh), one rate limiter (GoTo's limit is per token, whoever in the process sends), and the keys of webhooks
 * created moments ago (so reads of them wait out GoTo's eventual consistency).
 *
 * Sessions are keyed by a hash of the API URL and the credential material; the raw values are not kept as keys.
 */
import { createHash } from 'node:crypto';
import { SYSTEM_CLOCK, type Clock } from './clock';
import { GoToConfigError } from './errors';
import { GOTO_RATE_LIMIT, RateLimit, SlidingWindowLimiter } from './rate-limiter';
import { Redactor } from './redact';
import { OAuthRefreshTokenSource, RefreshTokenRotated, StaticTokenSource, TokenSource } from './token-source';
import type { Credentials } from './types';

export interface Session {
  tokens: TokenSource;
  limiter: SlidingWindowLimiter;
  redactor: Redactor;
  /** webhookKey → epoch ms of its creation by this process. */
  recentlyCreated: Map<string, number>;
  /** The one clock of every wait for these credentials: rate limit, backoff, consistency polls, token refresh. */
  clock: Clock;
}

export interface SessionOptions {
  apiUrl: string;
  authUrl: string;
  rateLimit?: RateLimit;
  timeoutMs: number;
  /** Default the real clock. Only the first client of a session sets it (tests with a virtual clock use their own URL). */
  clock?: Clock;
}

const sessions = new Map<string, Session>();
const rotationListeners = new Set<RefreshTokenRotated>();

/**
 * Hears, once per credentials and process, that GoTo replaced a refresh token (see RefreshTokenRotated): the
 * provider runtime turns it into an engine warning. Process-wide because sessions are. Returns the unsubscribe.
 */
export function onRefreshTokenRotated(listener: RefreshTokenRotated): () => void {
  rotationListeners.add(listener);
  return () => rotationListeners.delete(listener);
}

const announceRotation: RefreshTokenRotated = (source) => {
  for (const listener of rotationListeners) listener(source);
};

export function sessionFor(credentials: Credentials, options: SessionOptions): Session {
  const material = validateCredentials(credentials);
  const id = createHash('sha256')
    .update(JSON.stringify([options.apiUrl, options.authUrl, ...material]))
    .digest('hex');
  let session = sessions.get(id);
  if (!session) {
    const redactor = new Redactor(material);
    const clock = options.clock ?? SYSTEM_CLOCK;
    const tokens =
      'accessToken' in credentials
        ? new StaticTokenSource(credentials.accessToken)
        : new OAuthRefreshTokenSource(credentials, options.authUrl, redactor, options.timeoutMs, clock, announceRotation);
    session = {
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
    sessions.set(id, session);
  }
  return session;
}

/** How to provide credentials: the end of every message that finds them missing (here and in runtime/settings.ts). */
export const CREDENTIALS_HINT =
  'Either set an access token: `pulumi config set --secret gotowebinar:accessToken …` or GOTOWEBINAR_ACCESS_TOKEN; ' +
  'or OAuth refresh credentials: `pulumi config set gotowebinar:clientId …`, `pulumi config set --secret ' +
  'gotowebinar:clientSecret …`, `pulumi config set --secret gotowebinar:refreshToken …`, or ' +
  'GOTOWEBINAR_CLIENT_ID, GOTOWEBINAR_CLIENT_SECRET and GOTOWEBINAR_REFRESH_TOKEN.';

/** Checks the credential fields and returns their values (for hashing and redaction). */
function validateCredentials(credentials: Credentials): string[] {
  const fail = (what: string) =>
    new GoToConfigError(`GoToWebinar credentials are incomplete: ${what}. ${CREDENTIALS_HINT}`);
  if (typeof credentials !== 'object' || credentials === null) throw fail('none were given');
  const hasText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if ('accessToken' in credentials) {
    if (!hasText(credentials.accessToken)) throw fail('accessToken is empty');
    return [credentials.accessToken];
  }
  const c = credentials as Partial<Record<'clientId' | 'clientSecret' | 'refreshToken', unknown>>;
  const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((k) => !hasText(c[k]));
  if (missing.length > 0) throw fail(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  return [c.clientId, c.clientSecret, c.refreshToken] as string[];
}
