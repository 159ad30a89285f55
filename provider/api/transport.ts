/**
 * One API call, done properly: rate-limit slot, bearer token, retries where they are safe, a single token renewal
 * on 401/403 InvalidToken, bounded waiting on 404s that GoTo's eventual consistency produces, and errors that say
 * what to fix without ever containing a credential.
 */
import { GoToApiError, GoToErrorCode } from './errors';
import { errorFields, HttpAnswer, NetworkFailure, parseJsonBody, send } from './http';
import {
  isRetryable,
  mayHaveBeenApplied,
  Method,
  Outcome,
  parseRetryAfter,
  retryDelayMs,
  RetryPolicy,
} from './retry-policy';
import type { Session } from './session';
import { originOf } from './token-source';

export interface TransportOptions {
  apiUrl: string;
  retry: RetryPolicy;
  timeoutMs: number;
  onProgress?: (message: string) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ApiCall {
  operation: string;
  method: Method;
  /** Path below the API base, e.g. `/webhooks`. */
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  /** The key(s) the call is about, for messages. */
  key?: string;
  /** Until this epoch ms, a 404 is taken for GoTo's consistency lag and retried with backoff. */
  notFoundRetryUntil?: number;
}

/** Waits shorter than this are not worth a progress line. */
const PROGRESS_THRESHOLD_MS = 1000;

export class Transport {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly session: Session,
    private readonly options: TransportOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Performs the call and returns the parsed JSON body of the 2xx answer (undefined when empty). */
  async call(call: ApiCall): Promise<unknown> {
    const { retry } = this.options;
    let attempt = 0;
    let renewed = false;
    let consistencyWaits = 0;
    for (;;) {
      attempt++;
      const token = await this.session.tokens.token();
      await this.session.limiter.acquire((waitMs) => {
        if (waitMs >= PROGRESS_THRESHOLD_MS) this.progress(`rate limit: ${call.operation} waits ${secs(waitMs)}`);
      });

      let answer: HttpAnswer | undefined;
      let outcome: Outcome;
      try {
        answer = await send({
          method: call.method,
          url: this.options.apiUrl.replace(/\/+$/, '') + call.path,
          headers: { authorization: `Bearer ${token}` },
          searchParams: call.searchParams,
          json: call.json,
          timeoutMs: this.options.timeoutMs,
        });
        outcome = { kind: 'status', status: answer.status };
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        outcome = { kind: 'network', errorCode: err.errorCode };
        if (attempt < retry.maxAttempts && isRetryable(call.method, outcome)) {
          await this.backoff(call, attempt, `${err.errorCode}`);
          continue;
        }
        throw this.networkError(call, err, attempt);
      }

      const { status } = answer;
      if (status >= 200 && status < 300) return this.parse(call, answer, attempt);

      const fields = errorFields(answer.text);
      if (isTokenRejection(status, fields.code) && !renewed) {
        renewed = true;
        const fresh = await this.session.tokens.renew(token);
        if (fresh !== undefined) {
          attempt--; // a renewal is not a failed attempt
          continue;
        }
      }
      if (status === 404 && call.notFoundRetryUntil !== undefined && Date.now() < call.notFoundRetryUntil) {
        consistencyWaits++;
        const delay = Math.min(2000, 200 * 1.5 ** (consistencyWaits - 1));
        this.progress(`${call.operation} ${call.key ?? ''}: not visible yet (GoTo is eventually consistent), retrying in ${secs(delay)}`);
        await this.sleep(delay);
        attempt--;
        continue;
      }
      if (attempt < retry.maxAttempts && isRetryable(call.method, outcome)) {
        const retryAfter = parseRetryAfter(headerValue(answer.headers['retry-after']), Date.now());
        if (retryAfter === undefined || retryAfter <= retry.maxRetryAfterMs) {
          await this.backoff(call, attempt, `HTTP ${status}`, retryAfter);
          continue;
        }
      }
      throw this.httpError(call, status, fields, attempt);
    }
  }

  private async backoff(call: ApiCall, attempt: number, reason: string, retryAfterMs?: number): Promise<void> {
    const delay = retryDelayMs(attempt, this.options.retry, this.options.random, retryAfterMs);
    this.progress(
      `${call.operation}: ${reason}, retrying in ${secs(delay)} (attempt ${attempt + 1}/${this.options.retry.maxAttempts})`,
    );
    await this.sleep(delay);
  }

  private parse(call: ApiCall, answer: HttpAnswer, attempts: number): unknown {
    try {
      return parseJsonBody(answer.text);
    } catch {
      throw this.error(
        `${label(call)} answered HTTP ${answer.status} with a body that is not JSON. Check that gotowebinar:apiUrl ` +
          `(GOTOWEBINAR_API_URL) points at GoToWebinar's REST API (…/G2W/rest/v2).`,
        { code: 'ERR_GOTO_RESPONSE', status: answer.status },
        call,
        attempts,
      );
    }
  }

  private httpError(call: ApiCall, status: number, fields: { code?: string; msg?: string }, attempts: number) {
    const detail = [fields.code, fields.msg].filter(Boolean).join(': ');
    const head = `${label(call)} failed: HTTP ${status}${detail ? ` ${detail}` : ''}.`;
    let code: GoToErrorCode;
    let hint: string;
    let mayHaveSucceeded = false;
    if (status === 400) {
      code = 'ERR_GOTO_BAD_REQUEST';
      hint = 'GoTo rejected the request: fix the value its message names.';
    } else if (status === 401 || status === 403) {
      code = 'ERR_GOTO_UNAUTHORIZED';
      hint = this.session.tokens.rejectionHint();
    } else if (status === 404) {
      code = 'ERR_GOTO_NOT_FOUND';
      hint =
        'No such object for these credentials: it may have been deleted outside Pulumi, or belong to another ' +
        'user or OAuth application.';
    } else if (status === 429) {
      code = 'ERR_GOTO_RATE_LIMITED';
      hint =
        `Still rate limited after ${attempts} attempts: GoTo allows 10 requests/s per token, and something else ` +
        'may be using the same credentials. Retry later.';
    } else if (status >= 500) {
      code = 'ERR_GOTO_SERVER';
      mayHaveSucceeded = mayHaveBeenApplied(call.method, { kind: 'status', status });
      hint = mayHaveSucceeded
        ? 'GoTo failed while handling a create, which may have been applied: list the objects before retrying, to avoid a duplicate.'
        : `GoTo answered with a server error ${attempts > 1 ? `on all ${attempts} attempts` : ''}; retry later.`;
    } else {
      code = 'ERR_GOTO_HTTP';
      hint = 'Unexpected status from GoTo.';
    }
    return this.error(`${head} ${hint}`, { code, status, gotoCode: fields.code, mayHaveSucceeded }, call, attempts);
  }

  private networkError(call: ApiCall, err: NetworkFailure, attempts: number) {
    const mayHaveSucceeded = mayHaveBeenApplied(call.method, { kind: 'network', errorCode: err.errorCode });
    const hint = mayHaveSucceeded
      ? 'The connection broke after the request was sent, so it may have been applied: list the objects before retrying, to avoid a duplicate.'
      : `Check gotowebinar:apiUrl (GOTOWEBINAR_API_URL, now ${originOf(this.options.apiUrl)}) and the network.`;
    return this.error(
      `${label(call)} failed after ${attempts} attempt${attempts > 1 ? 's' : ''}: no answer (${err.errorCode}: ${err.message}). ${hint}`,
      { code: 'ERR_GOTO_NETWORK', mayHaveSucceeded },
      call,
      attempts,
    );
  }

  private error(
    message: string,
    details: { code: GoToErrorCode; status?: number; gotoCode?: string; mayHaveSucceeded?: boolean },
    call: ApiCall,
    attempts: number,
  ): GoToApiError {
    return new GoToApiError(this.session.redactor.scrub(message), {
      ...details,
      operation: call.operation,
      key: call.key,
      attempts,
    });
  }

  private progress(message: string): void {
    this.options.onProgress?.(this.session.redactor.scrub(message));
  }
}

/** GoTo documents 403 `InvalidToken` for a bad or expired token; 401 is not documented but handled the same. */
function isTokenRejection(status: number, gotoCode: string | undefined): boolean {
  return status === 401 || (status === 403 && (gotoCode === undefined || gotoCode === 'InvalidToken'));
}

function label(call: ApiCall): string {
  return `GoToWebinar ${call.operation}${call.key ? ` (${call.key})` : ''}`;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
