/** Everything a request handler may need, built once by startSimulator and passed around explicitly. */
import type { OAuthConsentMode, SimUser } from './types';
import type { Store } from './store';
import type { Tokens } from './tokens';
import type { PersonalAccessTokens } from './personal-access-tokens';
import type { ConsentRequests } from './consent-requests';
import type { Faults } from './faults';
import type { RateLimiter } from './rate-limit';
import type { RequestLog } from './request-log';

export type Mode = 'strict' | 'sketch-compatible';

export interface SimContext {
  mode: Mode;
  allowLoopbackHttp: boolean;
  callbackTimeoutMs: number;
  /** Largest array a write accepts (400 above it); 0: no limit. */
  maxBatchSize: number;
  deliveryTimeoutMs: number;
  store: Store;
  tokens: Tokens;
  personalAccessTokens: PersonalAccessTokens;
  /** How GET /oauth/authorize gets the decision; changed at run time by setOauthConsent / PUT /_sim/oauth. */
  oauthConsent: OAuthConsentMode;
  /** The consent pages shown and not yet answered, by nonce. */
  consents: ConsentRequests;
  faults: Faults;
  rateLimiter: RateLimiter;
  requestLog: RequestLog;
  /** One line per notable event (the `log` option); a no-op by default. */
  log: (line: string) => void;
}

/** The authenticated caller of an API request. */
export interface Caller {
  user: SimUser;
  userKey: string;
  /** The OAuth client (application) the token was issued for: owner of webhooks and secret keys. */
  clientId: string;
}

/** A parsed API request as the route handlers see it. */
export interface ApiRequest {
  method: string;
  /** Path below the API base, e.g. /webhooks/123 */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had no body. */
  body: unknown;
  caller: Caller;
}
