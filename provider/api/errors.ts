/**
 * One error type for everything the client can fail with. Like got's own hierarchy it carries a stable `code`
 * to branch on; unlike got's errors it never carries request options or headers, so logging it (or
 * util.inspect-ing it) cannot leak a token.
 */

export type GoToErrorCode =
  /** 400: GoTo rejected the request body or parameters. */
  | 'ERR_GOTO_BAD_REQUEST'
  /** 401/403: the access token was refused, even after a refresh when one was possible. */
  | 'ERR_GOTO_UNAUTHORIZED'
  /** 404: no such object (for this user/application). */
  | 'ERR_GOTO_NOT_FOUND'
  /** 429 after every retry. */
  | 'ERR_GOTO_RATE_LIMITED'
  /** 5xx after every retry (or at once for a non-idempotent call). */
  | 'ERR_GOTO_SERVER'
  /** Any other unexpected HTTP status. */
  | 'ERR_GOTO_HTTP'
  /** No answer: connection refused/reset, DNS, timeout. */
  | 'ERR_GOTO_NETWORK'
  /** 2xx with a body the client cannot read. */
  | 'ERR_GOTO_RESPONSE'
  /** The OAuth token endpoint refused the client credentials or the refresh token. */
  | 'ERR_GOTO_OAUTH'
  /** A webhook created moments ago did not become readable in time. */
  | 'ERR_GOTO_CONSISTENCY_TIMEOUT'
  /** A method was called with arguments that cannot be sent (caught before any request). */
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
 * and never retried. `setting` names what to fix, e.g. `gotowebinar:maxBatchSize`, when one setting is at fault.
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
