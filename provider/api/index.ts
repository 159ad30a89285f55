export { GoToClient, DEFAULT_API_URL, DEFAULT_AUTH_URL } from './client';
export type { GoToClientOptions } from './client';
export { GoToApiError, GoToConfigError, isGoToApiError, isGoToConfigError, isNotFound } from './errors';
export type { GoToErrorCode, GoToApiErrorDetails } from './errors';
export { GOTO_RATE_LIMIT, SlidingWindowLimiter } from './rate-limiter';
export type { RateLimit } from './rate-limiter';
export { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export * from './types';
