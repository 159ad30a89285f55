/**
 * The admin surface under /_sim/: a loopback developer tool (no auth), never rate limited, faulted or logged, so
 * tests can inspect and steer the simulator without disturbing what they measure.
 */
import type { Delivery, FaultSettings, FireEventRequest, LoggedRequest, OAuthControl, RefreshTokenRotation, SimulatorState } from './types';
import type { Reply } from './http-io';
import { ApiError, badRequest } from './http-io';
import { isPlainObject } from './validation';
import { validateFaultSettings } from './faults';
import { REFRESH_TOKEN_ROTATIONS } from './tokens';
import { checkSeed } from './seed';
import { handleOAuthAdmin } from './admin-oauth';

/** What the admin surface drives: the same operations RunningSimulator exposes to code. */
export interface AdminControl extends OAuthControl {
  state(): SimulatorState;
  seed(state: SimulatorState): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  faults(): FaultSettings;
  setFaults(faults: FaultSettings): void;
  rateLimit(): { perSecond: number; windowMs: number };
  setRateLimit(perSecond: number, windowMs?: number): void;
  expireAccessTokens(): number;
  refreshTokenRotation(): RefreshTokenRotation;
  setRefreshTokenRotation(mode: RefreshTokenRotation): void;
  fireEvent(request: FireEventRequest): Promise<Delivery[]>;
  reset(): void;
}

export const ADMIN_ENDPOINTS = [
  'GET    /_sim/state            webhooks, user subscriptions and secret keys',
  'POST   /_sim/seed             add objects with their own keys, in the shape GET answers (204)',
  'GET    /_sim/requests         request log (no credentials)',
  'DELETE /_sim/requests         clear the request log',
  'POST   /_sim/events           {"eventName", "payload"?} → {"deliveries": […]}',
  'GET    /_sim/faults           current fault settings',
  'PUT    /_sim/faults           merge fault settings, e.g. {"serverErrorRate": 0.5, "seed": 7}; {"tooManyRequestsForMs": 20000}: every API request 429 for 20 s from now',
  'GET    /_sim/rate-limit       {"perSecond", "windowMs"}',
  'PUT    /_sim/rate-limit       {"perSecond": N, "windowMs"?: MS} (0 = off)',
  'POST   /_sim/tokens/expire    expire every OAuth-issued access token',
  'GET    /_sim/tokens/rotation  {"refreshTokenRotation"}: off, keep-old or revoke-old',
  'PUT    /_sim/tokens/rotation  {"refreshTokenRotation": "keep-old"}: refreshes answer a new refresh token',
  'POST   /_sim/personal-access-tokens         {"userKey", "expiresInSeconds"?} → 201 {"token", "userKey", "clientId", "expiresAt"?}',
  'POST   /_sim/personal-access-tokens/revoke  {"token"} → {"revoked": true}: the token answers invalid_grant from now on',
  'POST   /_sim/personal-access-tokens/expire  {"token"} → {"expired": true}: the token has expired',
  'GET    /_sim/clients             [{"clientId", "redirectUris", "personalAccessTokenGrant"}] (never the secret)',
  'GET    /_sim/clients/<clientId>  that client\'s settings',
  'PUT    /_sim/clients/<clientId>  {"personalAccessTokenGrant"?: false, "redirectUris"?: ["http://127.0.0.1:8765/callback"]} → its settings',
  'GET    /_sim/oauth            {"consent"}: page or auto',
  'PUT    /_sim/oauth            {"consent": "auto"}: /oauth/authorize approves at once; "page": it shows the consent page',
  'POST   /_sim/reset            forget webhooks, subscriptions, secret keys and the request log',
];

function requireObject(body: unknown, hint: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest(`body must be a JSON object: ${hint}`);
  return body;
}

export async function handleAdmin(control: AdminControl, method: string, path: string, body: unknown): Promise<Reply> {
  const route = `${method} ${path.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /_sim':
      return { status: 200, body: { endpoints: ADMIN_ENDPOINTS } };
    case 'GET /_sim/state':
      return { status: 200, body: control.state() };
    case 'POST /_sim/seed':
      control.seed(checkSeed(body));
      return { status: 204 };
    case 'GET /_sim/requests':
      return { status: 200, body: control.requests() };
    case 'DELETE /_sim/requests':
      control.clearRequests();
      return { status: 204 };
    case 'POST /_sim/events': {
      const deliveries = await control.fireEvent(requireObject(body, '{"eventName": "registrant.added", "payload"?: {…}}') as unknown as FireEventRequest);
      return { status: 200, body: { deliveries } };
    }
    case 'GET /_sim/faults':
      return { status: 200, body: control.faults() };
    case 'PUT /_sim/faults':
      control.setFaults(validateFaultSettings(requireObject(body, 'e.g. {"latencyMs": 200}')));
      return { status: 200, body: control.faults() };
    case 'GET /_sim/rate-limit':
      return { status: 200, body: control.rateLimit() };
    case 'PUT /_sim/rate-limit': {
      const o = requireObject(body, '{"perSecond": 10, "windowMs"?: 1000}');
      const unknown = Object.keys(o).filter((k) => k !== 'perSecond' && k !== 'windowMs');
      if (unknown.length > 0) throw badRequest(`unknown field(s) ${unknown.join(', ')}`);
      const { perSecond, windowMs } = o;
      if (typeof perSecond !== 'number' || !Number.isInteger(perSecond) || perSecond < 0) {
        throw badRequest('perSecond must be an integer >= 0 (0 = off)');
      }
      if (windowMs !== undefined && (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0)) {
        throw badRequest('windowMs must be a positive number');
      }
      control.setRateLimit(perSecond, windowMs as number | undefined);
      return { status: 200, body: control.rateLimit() };
    }
    case 'POST /_sim/tokens/expire':
      return { status: 200, body: { expired: control.expireAccessTokens() } };
    case 'GET /_sim/tokens/rotation':
      return { status: 200, body: { refreshTokenRotation: control.refreshTokenRotation() } };
    case 'PUT /_sim/tokens/rotation': {
      const mode = requireObject(body, '{"refreshTokenRotation": "keep-old"}').refreshTokenRotation;
      if (!REFRESH_TOKEN_ROTATIONS.includes(mode as RefreshTokenRotation)) {
        throw badRequest(`refreshTokenRotation must be one of ${REFRESH_TOKEN_ROTATIONS.join(', ')}`);
      }
      control.setRefreshTokenRotation(mode as RefreshTokenRotation);
      return { status: 200, body: { refreshTokenRotation: control.refreshTokenRotation() } };
    }
    case 'POST /_sim/reset':
      control.reset();
      return { status: 204 };
    default: {
      const reply = handleOAuthAdmin(control, method, route.slice(method.length + 1), body);
      if (reply) return reply;
      throw new ApiError(404, 'NotFound', `No admin endpoint ${method} ${path}; GET /_sim lists them`);
    }
  }
}
