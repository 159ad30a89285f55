/**
 * Where bearer tokens come from: a static access token, or an OAuth refresh token exchanged at GoTo's token
 * endpoint. A refreshed token is cached until shortly before `expires_in`; concurrent callers share one refresh.
 */
import type { SettingNames } from './setting-names';
import type { Clock } from './clock';
import { errorFields, NetworkFailure, parseJsonBody, send } from './http';
import { FailedOutcome, GoToApiError, tokenEndpointError } from './errors';
import type { Redactor } from './redact';
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
      `(${this.names.accessToken}), or configure clientId, clientSecret and refreshToken so that tokens are ` +
      'refreshed automatically.'
    );
  }
}

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Where the refresh token was configured (a config key or variable name), for messages: never the value. */
  refreshTokenSource?: string;
}

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

export class OAuthRefreshTokenSource implements TokenSource {
  private cached?: CachedToken;
  private inFlight?: Promise<string>;
  private refreshToken: string;
  private rotationReported = false;

  constructor(
    private readonly creds: OAuthCredentials,
    private readonly authUrl: string,
    private readonly redactor: Redactor,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly names: SettingNames,
    private readonly onRotated?: RefreshTokenRotated,
  ) {
    this.refreshToken = creds.refreshToken;
  }

  token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.useUntil) return Promise.resolve(this.cached.value);
    return this.refreshOnce();
  }

  async renew(rejected: string): Promise<string> {
    // Another caller may already have replaced the rejected token: use theirs rather than refreshing again.
    if (this.cached && this.cached.value !== rejected && this.clock.now() < this.cached.useUntil) return this.cached.value;
    if (this.cached?.value === rejected) this.cached = undefined;
    return this.refreshOnce();
  }

  rejectionHint(): string {
    return (
      'A freshly refreshed access token was refused as well: check that the OAuth client ' +
      `"${this.creds.clientId}" (${this.names.clientId}) is allowed to use GoToWebinar and that the user who ` +
      `granted the refresh token (${this.creds.refreshTokenSource ?? this.names.refreshToken}) is an organizer on the account.`
    );
  }

  /** Single flight: while a refresh is running every caller awaits the same promise. */
  private refreshOnce(): Promise<string> {
    if (!this.inFlight) {
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async refresh(): Promise<string> {
    const basic = Buffer.from(`${this.creds.clientId}:${this.creds.clientSecret}`).toString('base64');
    let lastNetworkError: NetworkFailure | undefined;
    for (let attempt = 1; attempt <= TOKEN_ENDPOINT_ATTEMPTS; attempt++) {
      let answer;
      try {
        answer = await send({
          method: 'POST',
          url: this.authUrl,
          headers: { authorization: `Basic ${basic}` },
          form: { grant_type: 'refresh_token', refresh_token: this.refreshToken },
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
    let body: unknown;
    try {
      body = parseJsonBody(text);
    } catch {
      body = undefined;
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof b.access_token !== 'string' || b.access_token === '') {
      throw this.error({ kind: 'unreadable', status: 200 }, attempts);
    }
    const expiresInMs = (typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 3600) * 1000;
    // GoTo sends a new refresh token only when the old one is about to expire: keep using the newest.
    if (typeof b.refresh_token === 'string' && b.refresh_token !== '' && b.refresh_token !== this.refreshToken) {
      this.refreshToken = b.refresh_token;
      this.redactor.add(b.refresh_token);
      this.reportRotation();
    }
    this.redactor.add(b.access_token);
    const margin = Math.min(EXPIRY_MARGIN_MS, expiresInMs / 2);
    this.cached = { value: b.access_token, useUntil: this.clock.now() + expiresInMs - margin };
    return b.access_token;
  }

  private reportRotation(): void {
    if (this.rotationReported || !this.onRotated) return;
    this.rotationReported = true;
    try {
      this.onRotated(this.creds.refreshTokenSource ?? this.names.refreshToken);
    } catch {
      // A listener's failure must not fail the request that got a fresh token.
    }
  }

  private error(outcome: FailedOutcome, attempts: number): GoToApiError {
    return tokenEndpointError(outcome, attempts, originOf(this.authUrl), (text) => this.redactor.scrub(text), this.names);
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
