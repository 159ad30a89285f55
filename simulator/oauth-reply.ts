/** The answers the OAuth endpoints share: RFC 6749 error bodies, redirects back to the client, refusal pages. */
import type { IncomingMessage } from 'node:http';
import type { Reply } from './http-io';
import { errorPage } from './consent-page';

export interface OAuthOutcome {
  reply: Reply;
  /** What the request log records as the body (secrets redacted). */
  logBody?: unknown;
  userKey?: string;
}

/** Token answers and OAuth errors must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The RFC 6749 error shape: {"error", "error_description"}. */
export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { error, error_description: description }, headers: { ...NO_STORE, ...headers } };
}

/**
 * An authorization request refused without a redirect (its client or redirect_uri cannot be trusted): a page for a
 * browser (it asked for text/html), the JSON error for anything else (scripts, tests), with the same words.
 */
export function refusal(req: IncomingMessage, status: number, error: string, description: string): Reply {
  return /\btext\/html\b/i.test(req.headers.accept ?? '') ? errorPage(status, error, description) : oauthError(status, error, description);
}

/** 302 to the client's redirect_uri with `params` and the request's state (RFC 6749 §4.1.2), keeping its own query. */
export function redirectBack(redirectUri: string, state: string | null, params: Record<string, string>): Reply {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  if (state !== null) target.searchParams.set('state', state);
  return { status: 302, headers: { ...NO_STORE, Location: target.toString() } };
}
