/**
 * The GoTo API client, published as `pulumi-gotowebinar/client`: GoToClient, its errors, its retry and rate-limit
 * rules, and the model its methods take and return. Knows nothing of Pulumi.
 */
export { GoToClient, DEFAULT_API_URL, DEFAULT_AUTH_URL } from './client';
export type { GoToClientOptions } from './client';
export { SYSTEM_CLOCK } from './clock';
export type { Clock } from './clock';
export type { RefreshTokenRotated } from './token-source';
export * from './authorization-code';
export { CLIENT_OPTION_NAMES } from './setting-names';
export type { AuthorizedUser } from './token-answer';
export type { SettingNames } from './setting-names';
export { GoToApiError, GoToConfigError, isGoToApiError, isGoToConfigError, isNotFound, unreadableAnswerError } from './errors';
export type { GoToErrorCode, GoToApiErrorDetails } from './errors';
export { GOTO_RATE_LIMIT, SlidingWindowLimiter } from './rate-limiter';
export type { RateLimit } from './rate-limiter';
export { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs, backoffDelayMs, LOST_CREATE_BACKOFF } from './retry-policy';
export type { RetryPolicy, Backoff } from './retry-policy';
export * from './types';
