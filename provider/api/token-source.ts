/**
 * Where bearer tokens come from: a static access token, or a refresh token or personal access token exchanged at
 * GoTo's token endpoint. An access token got that way is cached until shortly before `expires_in`; concurrent callers
 * share one exchange.
 */
import type { SettingNames } from './setting-names';
import type { Clock } from './clock';
import { errorFields, NetworkFailure, parseJsonObject, send } from './http';
import { FailedOutcome, GoToApiError, tokenEndpointError } from './errors';
import type { Redactor } from './redact';
import { authorizedUserOf, type AuthorizedUser } from './token-answer';
import { backoffDelayMs, TOKEN_ENDPOINT_BACKOFF } from './retry-policy';

export interface TokenSource {
  /** A token to use now. */
  token(): Promise<string>;
  /**
   * GoTo refused `rejected`. Returns a different, fresh token to retry with once, or undefined when the source
   * cannot produce one (a static token).
   */
  renew(rejected: string): Promise<string | undefined>;
  /** What to tell the user when GoTo refuses the token this source gave. */
  rejectionHint(): string;
  /** Whose token it is, as the last token answer said (an OAuth grant's); undefined for a static token. */
  user?(): AuthorizedUser | undefined;
}

export class StaticTokenSource implements TokenSource {
  constructor(
    private readonly accessToken: string,
    private readonly names: SettingNames,
  ) {}
  async token(): Promise<string> {
    return this.accessToken;
  }
  async renew(): Promise<undefined> {
    return undefined;
  }
  rejectionHint(): string {
    return (
      'The static access token was refused: GoTo access tokens expire after an hour. Provide a fresh one ' +
      `(${this.names.accessToken}), or configure clientId and clientSecret with a personal access token ` +
      `(${this.names.personalAccessToken}) or a refresh token (${this.names.refreshToken}), so that tokens are ` +
      'renewed automatically.'
    );
  }
}

/** An OAuth client and one user's grant: a refresh token, or a personal access token. */
export type OAuthCredentials = { clientId: string; clientSecret: string } & (
  | {
      refreshToken: string;
      /** Where the refresh token was configured (a config key or variable name), for messages: never the value. */
      refreshTokenSource?: string;
    }
  | {
      personalAccessToken: string;
      /** Where the personal access token was configured, for messages: never the value. */
      personalAccessTokenSource?: string;
    }
);

/** The grant an OAuthTokenSource exchanges (RFC 6749 `grant_type`). */
export type OAuthGrant = 'refresh_token' | 'personal_access_token';

/**
 * Told, once per token source, that GoTo answered a refresh with a new refresh token: the configured one is about to
 * expire and must be replaced where it was configured (`source`), which only the user can do. Never given a token.
 */
export type RefreshTokenRotated = (source: string) => void;

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is not handed out any more. */
  useUntil: number;
}

/** Refresh this long before GoTo's expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;
const TOKEN_ENDPOINT_ATTEMPTS = 3;

/**
 * Access tokens from GoTo's token endpoint, for a refresh token or a personal access token: both grants answer an
 * access token with `expires_in`, cached and renewed the same way. Only a refresh may answer a new refresh token.
 */
export class OAuthTokenSource implements TokenSource {
  readonly grant: OAuthGrant;
  private cached?: CachedToken;
  private inFlight?: Promise<string>;
  /** The refresh token or personal access token sent: for a refresh, the newest GoTo handed out. */
  private credential: string;
  private rotationReported = false;
  private lastUser?: AuthorizedUser;

  constructor(
    private readonly creds: OAuthCredentials,
    private readonly authUrl: string,
    private readonly redactor: Redactor,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly names: SettingNames,
    private readonly onRotated?: RefreshTokenRotated,
  ) {
    if ('personalAccessToken' in creds) {
      this.grant = 'personal_access_token';
      this.credential = creds.personalAccessToken;
    } else {
      this.grant = 'refresh_token';
      this.credential = creds.refreshToken;
    }
  }

  token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.useUntil) return Promise.resolve(this.cached.value);
    return this.exchangeOnce();
  }

  async renew(rejected: string): Promise<string> {
    // Another caller may already have replaced the rejected token: use theirs rather than exchanging again.
    if (this.cached && this.cached.value !== rejected && this.clock.now() < this.cached.useUntil) return this.cached.value;
    if (this.cached?.value === rejected) this.cached = undefined;
    return this.exchangeOnce();
  }

  rejectionHint(): string {
    const what = this.grant === 'personal_access_token' ? 'personal access token' : 'refresh token';
    return (
      `A fresh access token was refused as well: check that the OAuth client "${this.creds.clientId}" ` +
      `(${this.names.clientId}) is allowed to use GoToWebinar and that the user whose ${what} it is ` +
      `(${this.source()}) is an organizer on the account.`
    );
  }

  user(): AuthorizedUser | undefined {
    return this.lastUser;
  }

  /** Where the user configured the grant's credential: what every message about it names. */
  source(): string {
    if ('personalAccessToken' in this.creds) return this.creds.personalAccessTokenSource ?? this.names.personalAccessToken;
    return this.creds.refreshTokenSource ?? this.names.refreshToken;
  }

  /** Single flight: while an exchange is running every caller awaits the same promise. */
  private exchangeOnce(): Promise<string> {
    if (!this.inFlight) {
      this.inFlight = this.exchange().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private form(): Record<string, string> {
    return this.grant === 'personal_access_token'
      ? { grant_type: 'personal_access_token', pat: this.credential }
      : { grant_type: 'refresh_token', refresh_token: this.credential };
  }

  private async exchange(): Promise<string> {
    const basic = Buffer.from(`${this.creds.clientId}:${this.creds.clientSecret}`).toString('base64');
    let lastNetworkError: NetworkFailure | undefined;
    for (let attempt = 1; attempt <= TOKEN_ENDPOINT_ATTEMPTS; attempt++) {
      let answer;
      try {
        answer = await send({
          method: 'POST',
          url: this.authUrl,
          headers: { authorization: `Basic ${basic}` },
          form: this.form(),
          timeoutMs: this.timeoutMs,
        });
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        lastNetworkError = err;
        if (attempt < TOKEN_ENDPOINT_ATTEMPTS) await this.clock.sleep(backoffDelayMs(attempt, TOKEN_ENDPOINT_BACKOFF));
        continue;
      }
      if (answer.status >= 500 && attempt < TOKEN_ENDPOINT_ATTEMPTS) {
        await this.clock.sleep(backoffDelayMs(attempt, TOKEN_ENDPOINT_BACKOFF));
        continue;
      }
      if (answer.status !== 200) {
        const { code, msg } = errorFields(answer.text);
        throw this.error({ kind: 'status', status: answer.status, gotoCode: code, gotoMessage: msg }, attempt);
      }
      return this.accept(answer.text, attempt);
    }
    throw this.error(
      { kind: 'network', errorCode: lastNetworkError?.errorCode ?? 'ERR_NETWORK', errorMessage: lastNetworkError?.message ?? '' },
      TOKEN_ENDPOINT_ATTEMPTS,
    );
  }

  private accept(text: string, attempts: number): string {
    const b = parseJsonObject(text) ?? {};
    if (typeof b.access_token !== 'string' || b.access_token === '') {
      throw this.error({ kind: 'unreadable', status: 200 }, attempts);
    }
    const expiresInMs = (typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 3600) * 1000;
    // GoTo sends a new refresh token only when the old one is about to expire: keep using the newest. (A personal
    // access token is not replaced this way: a refresh_token in its answer is not ours to use.)
    const rotated = b.refresh_token;
    if (typeof rotated === 'string' && rotated !== '') {
      this.redactor.add(rotated);
      if (this.grant === 'refresh_token' && rotated !== this.credential) {
        this.credential = rotated;
        this.reportRotation();
      }
    }
    this.redactor.add(b.access_token);
    this.lastUser = authorizedUserOf(b, text);
    const margin = Math.min(EXPIRY_MARGIN_MS, expiresInMs / 2);
    this.cached = { value: b.access_token, useUntil: this.clock.now() + expiresInMs - margin };
    return b.access_token;
  }

  private reportRotation(): void {
    if (this.rotationReported || !this.onRotated) return;
    this.rotationReported = true;
    try {
      this.onRotated(this.source());
    } catch {
      // A listener's failure must not fail the request that got a fresh token.
    }
  }

  private error(outcome: FailedOutcome, attempts: number): GoToApiError {
    return tokenEndpointError(
      outcome,
      { grant: this.grant, source: this.source(), attempts, authOrigin: originOf(this.authUrl) },
      (text) => this.redactor.scrub(text),
      this.names,
    );
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
