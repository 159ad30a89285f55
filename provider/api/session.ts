/**
 * Per-credential state shared by every client in the process: one token cache (so concurrent callers share one
 * refresh), one rate limiter (GoTo's limit is per token, whoever in the process sends), and the keys of webhooks
 * created moments ago (so reads of them wait out GoTo's eventual consistency).
 *
 * Sessions are keyed by a hash of the API URL and the credential material; the raw values are not kept as keys.
 */
import { createHash } from 'node:crypto';
import { GoToApiError } from './errors';
import { GOTO_RATE_LIMIT, RateLimit, SlidingWindowLimiter } from './rate-limiter';
import { Redactor } from './redact';
import { OAuthRefreshTokenSource, StaticTokenSource, TokenSource } from './token-source';
import type { Credentials } from './types';

export interface Session {
  tokens: TokenSource;
  limiter: SlidingWindowLimiter;
  redactor: Redactor;
  /** webhookKey → epoch ms of its creation by this process. */
  recentlyCreated: Map<string, number>;
}

export interface SessionOptions {
  apiUrl: string;
  authUrl: string;
  rateLimit?: RateLimit;
  timeoutMs: number;
}

const sessions = new Map<string, Session>();

export function sessionFor(credentials: Credentials, options: SessionOptions): Session {
  const material = validateCredentials(credentials);
  const id = createHash('sha256')
    .update(JSON.stringify([options.apiUrl, options.authUrl, ...material]))
    .digest('hex');
  let session = sessions.get(id);
  if (!session) {
    const redactor = new Redactor(material);
    const tokens =
      'accessToken' in credentials
        ? new StaticTokenSource(credentials.accessToken)
        : new OAuthRefreshTokenSource(credentials, options.authUrl, redactor, options.timeoutMs);
    session = {
      tokens,
      limiter: new SlidingWindowLimiter(options.rateLimit ?? GOTO_RATE_LIMIT),
      redactor,
      recentlyCreated: new Map(),
    };
    sessions.set(id, session);
  }
  return session;
}

/** Checks the credential fields and returns their values (for hashing and redaction). */
function validateCredentials(credentials: Credentials): string[] {
  const fail = (what: string) =>
    new GoToApiError(
      `GoToWebinar credentials are incomplete: ${what}. Provide either an access token ` +
        '(gotowebinar:accessToken / GOTOWEBINAR_ACCESS_TOKEN) or clientId, clientSecret and refreshToken ' +
        '(gotowebinar:clientId, gotowebinar:clientSecret, gotowebinar:refreshToken / GOTOWEBINAR_CLIENT_ID, ' +
        'GOTOWEBINAR_CLIENT_SECRET, GOTOWEBINAR_REFRESH_TOKEN).',
      { code: 'ERR_GOTO_CONFIG', operation: 'configure' },
    );
  if (typeof credentials !== 'object' || credentials === null) throw fail('none were given');
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if ('accessToken' in credentials) {
    if (!nonEmpty(credentials.accessToken)) throw fail('accessToken is empty');
    return [credentials.accessToken];
  }
  const c = credentials as Partial<Record<'clientId' | 'clientSecret' | 'refreshToken', unknown>>;
  const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((k) => !nonEmpty(c[k]));
  if (missing.length > 0) throw fail(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  return [c.clientId, c.clientSecret, c.refreshToken] as string[];
}
