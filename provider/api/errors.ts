/**
 * The client's two error classes, and the one place where a failed call becomes an error.
 *
 * - GoToApiError: a call to GoTo's API or its OAuth token endpoint that did not succeed (or was refused before it
 *   was sent, for arguments that cannot be sent). Its `code` says which way it failed.
 * - GoToConfigError: configuration that is wrong before any request (credentials, URLs, settings).
 *
 * As in got's `core/errors.ts`, where each class fixes its own name and code, what an HTTP status or a missing answer
 * means is decided here and nowhere else: `apiCallError` and `tokenEndpointError` pick the code and write the advice,
 * the transport and the token source only report what happened. Unlike got's errors these never carry request
 * options or headers, so logging one (or util.inspect-ing it) cannot leak a token.
 */
import type { SettingNames } from './setting-names';
import type { GiveUpReason, RetryPolicy } from './retry-policy';

/** The codes a failed request can come to (what GoTo or the network answered): see `codeOfStatus`. */
export type CallErrorCode =
  /** 400: GoTo rejected the request body or parameters. */
  | 'ERR_GOTO_BAD_REQUEST'
  /** 401/403: the access token was refused, even after a refresh when one was possible. */
  | 'ERR_GOTO_UNAUTHORIZED'
  /** 404: no such object (for this user/application). */
  | 'ERR_GOTO_NOT_FOUND'
  /** 429 for longer than the client waits (RetryPolicy.rateLimitBudgetMs), or a Retry-After beyond it. */
  | 'ERR_GOTO_RATE_LIMITED'
  /** 5xx after every retry (or at once for a non-idempotent call). */
  | 'ERR_GOTO_SERVER'
  /** Any other unexpected HTTP status. */
  | 'ERR_GOTO_HTTP'
  /** No answer: connection refused/reset, DNS, timeout. */
  | 'ERR_GOTO_NETWORK'
  /** 2xx with a body the client cannot read (`unreadableAnswerError`). */
  | 'ERR_GOTO_RESPONSE';

/** Every code of a GoToApiError (and the client's TypeError): each is given by one function of this file. */
export type GoToErrorCode =
  | CallErrorCode
  /** The OAuth token endpoint refused the client credentials, the refresh token or the personal access token. */
  | 'ERR_GOTO_OAUTH'
  /** A webhook created moments ago did not become readable in time (`consistencyTimeoutError`). */
  | 'ERR_GOTO_CONSISTENCY_TIMEOUT'
  /** A client method called with arguments that cannot be sent (`invalidArgumentError`, a TypeError: nothing was sent). */
  | 'ERR_GOTO_INVALID_ARGUMENT';

export interface GoToApiErrorDetails {
  code: GoToErrorCode;
  /** The client operation, e.g. `createWebhooks`, or `oauthRefresh`. */
  operation: string;
  status?: number;
  /** GoTo's own error code (`int_err_code`, or OAuth's `error`), e.g. `InvalidToken`. */
  gotoCode?: string;
  /** The webhook/subscription key(s) the call was about. */
  key?: string;
  /** Whether the request might have been applied although it failed (a POST whose connection dropped). */
  mayHaveSucceeded?: boolean;
  attempts?: number;
}

export class GoToApiError extends Error {
  override readonly name = 'GoToApiError';
  readonly code: GoToErrorCode;
  readonly operation: string;
  readonly status?: number;
  readonly gotoCode?: string;
  readonly key?: string;
  readonly mayHaveSucceeded: boolean;
  readonly attempts: number;

  /** `message` must already be scrubbed (see Redactor): this class does not know the secrets. */
  constructor(message: string, details: GoToApiErrorDetails) {
    super(message);
    this.code = details.code;
    this.operation = details.operation;
    this.status = details.status;
    this.gotoCode = details.gotoCode;
    this.key = details.key;
    this.mayHaveSucceeded = details.mayHaveSucceeded ?? false;
    this.attempts = details.attempts ?? 1;
  }

  /** Plain JSON: what a log line or a Pulumi error message may show. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      operation: this.operation,
      status: this.status,
      gotoCode: this.gotoCode,
      key: this.key,
      mayHaveSucceeded: this.mayHaveSucceeded,
      attempts: this.attempts,
    };
  }
}

export function isGoToApiError(err: unknown): err is GoToApiError {
  return err instanceof GoToApiError;
}

/** True for a 404 from GoTo: the object does not exist (any more) for this caller. */
export function isNotFound(err: unknown): boolean {
  return isGoToApiError(err) && err.code === 'ERR_GOTO_NOT_FOUND';
}

/**
 * Wrong or missing configuration (credentials, URLs, settings): found before any request, so it is not an API error
 * and never retried. `setting` names what to fix, e.g. the caller's name for `apiUrl`, when one setting is at fault.
 */
export class GoToConfigError extends Error {
  override readonly name = 'GoToConfigError';
  readonly code = 'ERR_GOTO_CONFIG' as const;

  constructor(
    message: string,
    readonly setting?: string,
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, setting: this.setting };
  }
}

export function isGoToConfigError(err: unknown): err is GoToConfigError {
  return err instanceof GoToConfigError;
}

// ---- from what happened to an error ------------------------------------------------------------------------------

/** How a request ended when it did not succeed. */
export type FailedOutcome =
  /** An answer with a status that is not 2xx; GoTo's error fields when its body had them. */
  | { kind: 'status'; status: number; gotoCode?: string; gotoMessage?: string }
  /** No answer at all (`errorCode` is Node's or got's, e.g. ECONNRESET). */
  | { kind: 'network'; errorCode: string; errorMessage: string }
  /** A 2xx answer whose body cannot be read. */
  | { kind: 'unreadable'; status: number };

/** The code of each HTTP status a call may end with (2xx aside): the one place a status becomes a code. */
export function codeOfStatus(status: number): CallErrorCode {
  if (status === 400) return 'ERR_GOTO_BAD_REQUEST';
  if (status === 401 || status === 403) return 'ERR_GOTO_UNAUTHORIZED';
  if (status === 404) return 'ERR_GOTO_NOT_FOUND';
  if (status === 429) return 'ERR_GOTO_RATE_LIMITED';
  if (status >= 500) return 'ERR_GOTO_SERVER';
  return 'ERR_GOTO_HTTP';
}

function codeOf(outcome: FailedOutcome): CallErrorCode {
  if (outcome.kind === 'network') return 'ERR_GOTO_NETWORK';
  if (outcome.kind === 'unreadable') return 'ERR_GOTO_RESPONSE';
  return codeOfStatus(outcome.status);
}

/** Everything an API call's error is made of. No credential: the token source gives its advice as text. */
export interface FailedCall {
  operation: string;
  /** The key(s) the call was about. */
  key?: string;
  /** For the head of the message: `GoToWebinar createWebhooks (25 objects: 1,2)`. */
  label: string;
  outcome: FailedOutcome;
  attempts: number;
  mayHaveSucceeded: boolean;
  /** Why the retries stopped (absent when the failure was never retried, e.g. a 2xx that cannot be read). */
  gaveUp?: GiveUpReason;
  retry: Pick<RetryPolicy, 'maxRetryAfterMs' | 'rateLimitBudgetMs'>;
  /** ms from the call's first 429 to its last answer, when it had any. */
  rateLimitedForMs?: number;
  /** The last answer's Retry-After, in ms. */
  retryAfterMs?: number;
  /** What to do about a refused token: the token source knows (a static token expires, OAuth may be misconfigured). */
  tokenAdvice: string;
  /** Origin of the API URL, for the advice on a network failure. */
  apiOrigin: string;
  /** What to call each setting in advice (setting-names.ts). */
  names: SettingNames;
}

/** What to tell the user to do, per code: each code's advice is written once, here. */
const ADVICE: Record<CallErrorCode, (f: FailedCall) => string> = {
  ERR_GOTO_BAD_REQUEST: () => 'GoTo rejected the request: fix the value its message names.',
  ERR_GOTO_UNAUTHORIZED: (f) => f.tokenAdvice,
  ERR_GOTO_NOT_FOUND: () =>
    'No such object for these credentials: it may have been deleted outside Pulumi, or belong to another ' +
    'user or OAuth application.',
  ERR_GOTO_RATE_LIMITED: (f) => {
    const cause =
      'GoTo allows 10 requests/s per token and this client keeps under that, so something else is probably using ' +
      'the same credentials (another pipeline or integration)';
    const waited = seconds(f.rateLimitedForMs ?? 0);
    const budget = seconds(f.retry.rateLimitBudgetMs);
    if (f.gaveUp === 'retry-after' && f.retryAfterMs !== undefined) {
      return (
        `GoTo asked to retry after ${seconds(f.retryAfterMs)} (Retry-After), longer than this client waits (at most ` +
        `${seconds(f.retry.maxRetryAfterMs)} at a time, ${budget} in all; ${waited} waited): ${cause}. Run again ` +
        'once it is done.'
      );
    }
    if (f.retry.rateLimitBudgetMs <= 0) {
      return `Rate limited, and waiting out rate limits is off (a wait of 0 s): ${cause}. Run again once it is done, or let the client wait: set ${f.names.rateLimitWait}.`;
    }
    return (
      `Still rate limited after waiting ${waited} (${f.attempts} attempts), the most this client waits (${budget}): ` +
      `${cause}. Run again once it is done, or wait longer: raise ${f.names.rateLimitWait}.`
    );
  },
  ERR_GOTO_SERVER: (f) => {
    if (f.mayHaveSucceeded) {
      return 'GoTo failed while handling a create, which may have been applied: list the objects before retrying, to avoid a duplicate.';
    }
    const asked = f.gaveUp === 'retry-after' && f.retryAfterMs !== undefined ? ` (and asked to retry after ${seconds(f.retryAfterMs)})` : '';
    return `GoTo answered with a server error${f.attempts > 1 ? ` on all ${f.attempts} attempts` : ''}${asked}; retry later.`;
  },
  ERR_GOTO_HTTP: () => 'Unexpected status from GoTo.',
  ERR_GOTO_NETWORK: (f) =>
    f.mayHaveSucceeded
      ? 'The connection broke after the request was sent, so it may have been applied: list the objects before retrying, to avoid a duplicate.'
      : `Check ${f.names.apiUrl} (now ${f.apiOrigin}) and the network.`,
  ERR_GOTO_RESPONSE: (f) => `Check that ${f.names.apiUrl} points at GoToWebinar's REST API (…/G2W/rest/v2).`,
};

/** The error of an API call that did not succeed. `scrub` removes the credentials in play from the message. */
export function apiCallError(f: FailedCall, scrub: (text: string) => string): GoToApiError {
  const code = codeOf(f.outcome);
  const o = f.outcome;
  let head: string;
  if (o.kind === 'network') {
    head = `${f.label} failed after ${f.attempts} attempt${f.attempts > 1 ? 's' : ''}: no answer (${o.errorCode}: ${o.errorMessage}).`;
  } else if (o.kind === 'unreadable') {
    head = `${f.label} answered HTTP ${o.status} with a body that is not JSON.`;
  } else {
    const detail = [o.gotoCode, o.gotoMessage].filter(Boolean).join(': ');
    head = `${f.label} failed: HTTP ${o.status}${detail ? ` ${detail}` : ''}.`;
  }
  return new GoToApiError(scrub(`${head} ${ADVICE[code](f)}`), {
    code,
    operation: f.operation,
    key: f.key,
    status: o.kind === 'network' ? undefined : o.status,
    gotoCode: o.kind === 'status' ? o.gotoCode : undefined,
    mayHaveSucceeded: f.mayHaveSucceeded,
    attempts: f.attempts,
  });
}

/**
 * The error of a token refresh that did not succeed: any refusal is ERR_GOTO_OAUTH (what it says names the
 * credential at fault), no answer ERR_GOTO_NETWORK, a 200 without a token ERR_GOTO_RESPONSE.
 */
/** What a token endpoint failure was about: which grant, and where the user configured its credential. */
export interface TokenExchange {
  grant: 'refresh_token' | 'personal_access_token' | 'authorization_code';
  /** The config key or variable holding the refresh token or personal access token (never its value); for a code, where it came from. */
  source: string;
  attempts: number;
  authOrigin: string;
}

export function tokenEndpointError(
  outcome: FailedOutcome,
  exchange: TokenExchange,
  scrub: (text: string) => string,
  names: SettingNames,
): GoToApiError {
  const { grant, source, attempts, authOrigin } = exchange;
  const pat = grant === 'personal_access_token';
  const code = grant === 'authorization_code';
  const operation = pat ? 'oauthPersonalAccessToken' : code ? 'oauthAuthorizationCode' : 'oauthRefresh';
  const details = { operation, attempts };
  if (outcome.kind === 'network') {
    return new GoToApiError(
      scrub(
        `Could not reach the OAuth token endpoint ${authOrigin}: ${outcome.errorCode} ${outcome.errorMessage}. ` +
          `Check ${names.authUrl} and the network.`,
      ),
      { ...details, code: 'ERR_GOTO_NETWORK' },
    );
  }
  if (outcome.kind === 'unreadable') {
    return new GoToApiError(
      `The OAuth token endpoint answered ${outcome.status} without an access_token. Check ${names.authUrl}: it ` +
        "must be GoTo's token endpoint.",
      { ...details, code: 'ERR_GOTO_RESPONSE', status: outcome.status },
    );
  }
  const { status, gotoCode, gotoMessage } = outcome;
  // Decided by RFC 6749's error codes (section 5.2) and the status alone: GoTo's descriptions are not documented.
  let advice: string;
  if (gotoCode === 'invalid_client' || status === 401) {
    advice = `The token endpoint refused the OAuth client: check ${names.clientId} and ${names.clientSecret}.`;
  } else if (pat && (gotoCode === 'unauthorized_client' || gotoCode === 'unsupported_grant_type')) {
    advice =
      `The OAuth client (${names.clientId}) may not use personal access tokens: enable the grant "Personal Access ` +
      `Token" on it in GoTo's developer center, or configure a refresh token instead of ${source}.`;
  } else if (pat && gotoCode === 'invalid_grant') {
    advice =
      `The personal access token in ${source} was refused: it was revoked, has expired, or was made for another ` +
      `OAuth client (its scopes must match those of ${names.clientId}). Make a new one at myaccount.goto.com ` +
      `(Developer tools) and set ${source}.`;
  } else if (code && gotoCode === 'invalid_grant') {
    advice =
      'The authorization code was refused: it was used already, has expired, or was issued for another client or ' +
      'redirect URI. Sign in again.';
  } else if (gotoCode === 'unauthorized_client' || gotoCode === 'unsupported_grant_type') {
    advice =
      `The OAuth client (${names.clientId}) may not use the ${grant} grant: enable "Authorization Code" and ` +
      `"Refresh Token" on it in GoTo's developer center.`;
  } else if (gotoCode === 'invalid_grant') {
    advice =
      `The refresh token in ${source} was refused (expired, revoked, or issued to another client): obtain a new ` +
      `one ${names.newRefreshToken}.`;
  } else {
    advice = `Check ${names.authUrl} and the OAuth client settings.`;
  }
  const detail = [gotoCode, gotoMessage].filter(Boolean).join(': ');
  const what = pat ? 'Exchanging the personal access token' : code ? 'Exchanging the authorization code' : 'OAuth token refresh';
  return new GoToApiError(scrub(`${what} failed: HTTP ${status}${detail ? ` ${detail}` : ''}. ${advice}`), {
    ...details,
    code: 'ERR_GOTO_OAUTH',
    status,
    gotoCode,
  });
}

// ---- the client's own findings ------------------------------------------------------------------------------------

/**
 * A 2xx answer the client cannot use: not the shape the operation reads, or without what it must carry.
 * `mayHaveSucceeded`: for a write, whether GoTo may have applied it all the same.
 */
export function unreadableAnswerError(
  message: string,
  details: { operation: string; status?: number; mayHaveSucceeded?: boolean },
): GoToApiError {
  return new GoToApiError(message, { ...details, code: 'ERR_GOTO_RESPONSE' });
}

/** A webhook this client created is still not readable when the consistency window ends (GoTo answers 404). */
export function consistencyTimeoutError(webhookKey: string, waitedMs: number): GoToApiError {
  return new GoToApiError(
    `GoToWebinar webhook ${webhookKey} was created but is still not readable after ${Math.round(waitedMs / 1000)}s. ` +
      'GoTo is eventually consistent; run the operation again (it will find the webhook), or raise consistencyTimeoutMs.',
    { code: 'ERR_GOTO_CONSISTENCY_TIMEOUT', operation: 'waitForWebhook', key: webhookKey, status: 404 },
  );
}

/**
 * A call made wrong by its caller, refused before anything is sent: a TypeError (as Node's own ERR_INVALID_ARG_*),
 * not a GoToApiError, since GoTo never saw it.
 */
export function invalidArgumentError(message: string): TypeError & { code: 'ERR_GOTO_INVALID_ARGUMENT' } {
  return Object.assign(new TypeError(message), { code: 'ERR_GOTO_INVALID_ARGUMENT' as const });
}

/** `0.2 s` below 10 s, whole seconds above: how long, for a message a person reads. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}
