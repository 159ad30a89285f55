/**
 * One API call, done properly: rate-limit slot, bearer token, retries where they are safe, a single token renewal
 * on 401/403 InvalidToken, bounded waiting on 404s that GoTo's eventual consistency produces, and errors that say
 * what to fix without ever containing a credential.
 *
 * got sends each request (http.ts) but does not retry: its retry waits on its own setTimeout and would count a token
 * renewal or a consistency poll as a retry, while the policy here needs a rate-limit slot per request, one clock
 * for every wait (tests run on a virtual one), and attempt counts that mean the same in every error.
 */
import type { Clock } from './clock';
import { GoToApiError, GoToErrorCode } from './errors';
import { errorFields, HttpAnswer, NetworkFailure, parseJsonBody, send } from './http';
import {
  consistencyDelayMs,
  mayHaveBeenApplied,
  Method,
  nextRetryDelayMs,
  Outcome,
  parseRetryAfter,
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
  /** How many objects an array request carries; messages say it when more than one. */
  items?: number;
  /** Until this epoch ms, a 404 is taken for GoTo's consistency lag and retried with backoff. */
  notFoundRetryUntil?: number;
}

/** Waits shorter than this are not worth a progress line. */
const PROGRESS_THRESHOLD_MS = 1000;

/** What one request came back with: an answer (any status), or no answer at all. */
type Result = { answer: HttpAnswer; failure?: undefined } | { answer?: undefined; failure: NetworkFailure };

export class Transport {
  constructor(
    private readonly session: Session,
    private readonly options: TransportOptions,
  ) {}

  /** The session's clock: backoff, consistency polls and the token refresh wait on the same (injectable) time. */
  private get clock(): Clock {
    return this.session.clock;
  }

  /** Performs the call and returns the parsed JSON body of the 2xx answer (undefined when empty). */
  async call(call: ApiCall): Promise<unknown> {
    const attemptOnce = this.attemptFor(call);
    for (let attempt = 1; ; attempt++) {
      const result = await attemptOnce();
      if (result.answer && isSuccess(result.answer.status)) return this.parse(call, result.answer, attempt);
      const outcome = outcomeOf(result);
      const retryAfterHeader = headerValue(result.answer?.headers['retry-after']);
      const retryAfter = parseRetryAfter(retryAfterHeader, this.clock.now());
      const { retry, random } = this.options;
      const delay = nextRetryDelayMs(call.method, outcome, attempt, retry, random, retryAfter);
      if (delay === undefined) throw this.failure(call, result, attempt);
      const reason = outcome.kind === 'status' ? `HTTP ${outcome.status}` : outcome.errorCode;
      this.progress(
        `${what(call)}: ${reason}, retrying in ${secs(delay)} (attempt ${attempt + 1}/${retry.maxAttempts})`,
      );
      await this.clock.sleep(delay);
    }
  }

  /**
   * One attempt as the retry budget counts it: a request, sent again (without counting) after the call's one token
   * renewal, and while a 404 is still within the call's consistency window.
   */
  private attemptFor(call: ApiCall): () => Promise<Result> {
    let renewed = false;
    let consistencyWaits = 0;
    const renewOnce = async (rejected: string): Promise<boolean> => {
      if (renewed) return false;
      renewed = true;
      return (await this.session.tokens.renew(rejected)) !== undefined;
    };
    const waitForConsistency = async (): Promise<boolean> => {
      if (call.notFoundRetryUntil === undefined || this.clock.now() >= call.notFoundRetryUntil) return false;
      const delay = consistencyDelayMs(++consistencyWaits);
      this.progress(
        `${what(call)} ${call.key ?? ''}: not visible yet (GoTo is eventually consistent), retrying in ${secs(delay)}`,
      );
      await this.clock.sleep(delay);
      return true;
    };
    return async () => {
      for (;;) {
        const token = await this.session.tokens.token();
        const result = await this.request(call, token);
        if (!result.answer) return result;
        const { status, text } = result.answer;
        if (isTokenRejection(status, errorFields(text).code) && (await renewOnce(token))) continue;
        if (status === 404 && (await waitForConsistency())) continue;
        return result;
      }
    };
  }

  /** One HTTP request, once the rate limiter lets it start. */
  private async request(call: ApiCall, token: string): Promise<Result> {
    await this.session.limiter.acquire((waitMs) => {
      if (waitMs >= PROGRESS_THRESHOLD_MS) this.progress(`rate limit: ${what(call)} waits ${secs(waitMs)}`);
    });
    try {
      const answer = await send({
        method: call.method,
        url: this.options.apiUrl.replace(/\/+$/, '') + call.path,
        headers: { authorization: `Bearer ${token}` },
        searchParams: call.searchParams,
        json: call.json,
        timeoutMs: this.options.timeoutMs,
      });
      return { answer };
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
      return { failure: err };
    }
  }

  private failure(call: ApiCall, result: Result, attempts: number): GoToApiError {
    return result.answer
      ? this.httpError(call, result.answer.status, errorFields(result.answer.text), attempts)
      : this.networkError(call, result.failure, attempts);
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

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function outcomeOf(result: Result): Outcome {
  return result.answer
    ? { kind: 'status', status: result.answer.status }
    : { kind: 'network', errorCode: result.failure.errorCode };
}

/** `25 objects` for an array request of more than one; undefined otherwise. */
function size(call: ApiCall): string | undefined {
  return call.items !== undefined && call.items > 1 ? `${call.items} objects` : undefined;
}

/** The operation, and how many objects it carries when it is an array request of more than one. */
function what(call: ApiCall): string {
  const many = size(call);
  return many ? `${call.operation} (${many})` : call.operation;
}

/** For error messages: the operation, its size and the key(s) it is about. */
function label(call: ApiCall): string {
  const about = [size(call), call.key].filter(Boolean).join(': ');
  return `GoToWebinar ${call.operation}${about ? ` (${about})` : ''}`;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
