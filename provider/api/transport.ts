/**
 * One API call, done properly: rate-limit slot, bearer token, retries where they are safe, a single token renewal
 * on 401/403 InvalidToken, bounded waiting on 404s that GoTo's eventual consistency produces, and errors that say
 * what to fix without ever containing a credential.
 *
 * got sends each request (http.ts) but does not retry: its retry waits on its own setTimeout and would count a token
 * renewal or a consistency poll as a retry, while the policy here needs a rate-limit slot per request, one clock
 * for every wait (tests run on a virtual one), and attempt counts that mean the same in every error.
 */
import type { SettingNames } from './setting-names';
import type { Clock } from './clock';
import { apiCallError, FailedOutcome, GoToApiError, seconds } from './errors';
import { errorFields, HttpAnswer, NetworkFailure, parseJsonBody, send } from './http';
import {
  backoffDelayMs,
  CONSISTENCY_BACKOFF,
  GiveUpReason,
  isRateLimited,
  mayHaveBeenApplied,
  Method,
  nextRetry,
  Outcome,
  parseRetryAfter,
  RetryPolicy,
  RetryProgress,
} from './retry-policy';
import type { Session } from './session';
import { originOf } from './token-source';

export interface TransportOptions {
  apiUrl: string;
  retry: RetryPolicy;
  timeoutMs: number;
  onProgress?: (message: string) => void;
  random?: () => number;
  /** What to call each setting in advice. */
  names: SettingNames;
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

  /**
   * Performs the call and returns the parsed JSON body of the 2xx answer (undefined when empty). Failures are
   * retried as `nextRetry` decides: a 429 within the rate-limit budget (measured on the session clock from the
   * call's first 429), anything else that is safe to repeat up to maxAttempts.
   */
  async call(call: ApiCall): Promise<unknown> {
    const attemptOnce = this.attemptFor(call);
    const { retry, random } = this.options;
    const progress: RetryProgress = { failures: 0, rateLimited: 0 };
    let rateLimitedSince: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const result = await attemptOnce();
      if (result.answer && isSuccess(result.answer.status)) return this.parse(call, result.answer, attempt);
      const outcome = outcomeOf(result);
      const now = this.clock.now();
      if (isRateLimited(outcome)) {
        rateLimitedSince ??= now;
        progress.rateLimited++;
        progress.rateLimitedForMs = now - rateLimitedSince;
      } else {
        progress.failures++;
      }
      const retryAfter = parseRetryAfter(headerValue(result.answer?.headers['retry-after']), now);
      const decision = nextRetry(call.method, outcome, progress, retry, random, retryAfter);
      if (decision.giveUp !== undefined) {
        throw this.failure(call, result, attempt, decision.giveUp, progress.rateLimitedForMs, retryAfter);
      }
      const delay = decision.delayMs;
      if (isRateLimited(outcome)) {
        this.progress(
          `${what(call)}: rate limited (HTTP 429) for ${seconds(progress.rateLimitedForMs ?? 0)} of at most ` +
            `${seconds(retry.rateLimitBudgetMs)}, retrying in ${seconds(delay)}`,
        );
      } else {
        const reason = outcome.kind === 'status' ? `HTTP ${outcome.status}` : outcome.errorCode;
        this.progress(
          `${what(call)}: ${reason}, retrying in ${seconds(delay)} (attempt ${progress.failures + 1}/${retry.maxAttempts})`,
        );
      }
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
      const delay = backoffDelayMs(++consistencyWaits, CONSISTENCY_BACKOFF);
      this.progress(
        `${what(call)} ${call.key ?? ''}: not visible yet (GoTo is eventually consistent), retrying in ${seconds(delay)}`,
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
      if (waitMs >= PROGRESS_THRESHOLD_MS) this.progress(`rate limit: ${what(call)} waits ${seconds(waitMs)}`);
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

  private failure(
    call: ApiCall,
    result: Result,
    attempts: number,
    gaveUp: GiveUpReason,
    rateLimitedForMs: number | undefined,
    retryAfterMs: number | undefined,
  ): GoToApiError {
    let outcome: FailedOutcome;
    if (result.answer) {
      const { code, msg } = errorFields(result.answer.text);
      outcome = { kind: 'status', status: result.answer.status, gotoCode: code, gotoMessage: msg };
    } else {
      outcome = { kind: 'network', errorCode: result.failure.errorCode, errorMessage: result.failure.message };
    }
    const mayHaveSucceeded = mayHaveBeenApplied(call.method, outcomeOf(result));
    return this.error(call, outcome, attempts, { mayHaveSucceeded, gaveUp, rateLimitedForMs, retryAfterMs });
  }

  private parse(call: ApiCall, answer: HttpAnswer, attempts: number): unknown {
    try {
      return parseJsonBody(answer.text);
    } catch {
      throw this.error(call, { kind: 'unreadable', status: answer.status }, attempts, { mayHaveSucceeded: false });
    }
  }

  /** Which code, and what to do about it, is errors.ts's to say: this only reports what happened. */
  private error(
    call: ApiCall,
    outcome: FailedOutcome,
    attempts: number,
    how: { mayHaveSucceeded: boolean; gaveUp?: GiveUpReason; rateLimitedForMs?: number; retryAfterMs?: number },
  ): GoToApiError {
    return apiCallError(
      {
        operation: call.operation,
        key: call.key,
        label: label(call),
        outcome,
        attempts,
        ...how,
        retry: this.options.retry,
        tokenAdvice: this.session.tokens.rejectionHint(),
        apiOrigin: originOf(this.options.apiUrl),
        names: this.options.names,
      },
      (text) => this.session.redactor.scrub(text),
    );
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
