/**
 * The authorization requests a consent page was shown for, each under the page's anti-forgery nonce. The page's form
 * carries the request in hidden fields and the nonce; the POST is honoured only with a nonce this store handed out,
 * once, and only when the hidden fields are still the request the page was made for. So a form cannot be forged
 * (no nonce without loading the page, which another origin cannot read) nor replayed (the nonce is gone after use).
 */
import { newOpaqueToken } from './ids';

/** The parameters of `GET /oauth/authorize` that the decision is about; null: the request had none. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  responseType: string;
  state: string | null;
  scope: string | null;
}

/** Long enough to read a page and decide; the same lifetime as an authorization code. */
const NONCE_TTL_MS = 10 * 60 * 1000;
/** Pages nobody answers would otherwise pile up: past this many open ones, the oldest is forgotten. */
const MAX_OPEN = 1000;

export class ConsentRequests {
  private readonly open = new Map<string, { request: AuthorizationRequest; expiresAtMs: number }>();

  /** A new single-use nonce for a page about `request`. */
  issue(request: AuthorizationRequest, nowMs = Date.now()): string {
    const nonce = newOpaqueToken('sim-consent');
    this.open.set(nonce, { request: { ...request }, expiresAtMs: nowMs + NONCE_TTL_MS });
    if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value!);
    return nonce;
  }

  /** The request the nonce was issued for, if it is open and unexpired; the nonce is spent either way. */
  take(nonce: string, nowMs = Date.now()): AuthorizationRequest | undefined {
    const entry = this.open.get(nonce);
    if (!entry) return undefined;
    this.open.delete(nonce);
    return nowMs < entry.expiresAtMs ? entry.request : undefined;
  }
}
