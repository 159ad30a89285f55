/**
 * The OAuth endpoints of GoTo's authentication service, enough for a real client to run its flows:
 *
 * GET  /oauth/authorize  auto-approves (no login page) and 302-redirects to redirect_uri with code and state; the
 *                        approving user is the client's first user unless the simulator-only `user_key` names one.
 * POST /oauth/token      form-encoded, client authenticated with HTTP Basic (as GoTo requires); grants
 *                        authorization_code and refresh_token. Errors use the OAuth shape {"error": …}.
 */
import type { IncomingMessage } from 'node:http';
import type { SimContext } from './context';
import type { SimClient, SimUser } from './types';
import type { Reply } from './http-io';
import { mediaType, queryObject } from './http-io';
import { REDACTED } from './request-log';

export interface OAuthOutcome {
  reply: Reply;
  /** What the request log records as the body (secrets redacted). */
  logBody?: unknown;
  userKey?: string;
}

const SCOPE = 'collab:';
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { error, error_description: description }, headers: { ...NO_STORE, ...headers } };
}

export function authorize(ctx: SimContext, query: URLSearchParams): OAuthOutcome {
  const clientId = query.get('client_id');
  const redirectUri = query.get('redirect_uri');
  // Without a trustworthy client and redirect_uri there is nowhere safe to redirect to: answer the error directly.
  if (!clientId) return { reply: oauthError(400, 'invalid_request', 'client_id is required') };
  const client = ctx.tokens.client(clientId);
  if (!client) return { reply: oauthError(400, 'invalid_client', `unknown client_id ${clientId}`) };
  if (!redirectUri) return { reply: oauthError(400, 'invalid_request', 'redirect_uri is required') };
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return { reply: oauthError(400, 'invalid_request', 'redirect_uri must be an absolute URL') };
  }
  const state = query.get('state');
  const redirectWith = (params: Record<string, string>): Reply => {
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { Location: target.toString() } };
  };
  if (query.get('response_type') !== 'code') {
    return { reply: redirectWith({ error: 'unsupported_response_type', error_description: 'response_type must be code' }) };
  }
  const candidates = ctx.tokens.usersOf(client.clientId);
  const userKey = query.get('user_key');
  const user = userKey ? candidates.find((u) => u.userKey === userKey) : candidates[0];
  if (!user) {
    const why = userKey ? `user_key ${userKey} is not a user of client ${clientId}` : `client ${clientId} has no users`;
    return { reply: oauthError(400, 'invalid_request', why) };
  }
  const code = ctx.tokens.issueCode(client.clientId, user.userKey, redirectUri);
  return { reply: redirectWith({ code }), userKey: user.userKey };
}

/** The client named by `Authorization: Basic base64(clientId:clientSecret)`, if the secret matches. */
function basicClient(ctx: SimContext, req: IncomingMessage): SimClient | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1 form-encodes id and secret before Basic; accept both the encoded and the plain form.
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const client = ctx.tokens.client(id) ?? ctx.tokens.client(decode(id));
  if (!client) return undefined;
  return client.clientSecret === secret || client.clientSecret === decode(secret) ? client : undefined;
}

/** `refresh`: the refresh token to answer; undefined answers none (a refresh, normally). */
function tokenResponse(ctx: SimContext, user: SimUser, refresh: string | undefined, withKeys: boolean): Reply {
  const access = ctx.tokens.issueAccessToken(user);
  const body: Record<string, unknown> = {
    access_token: access.token,
    token_type: 'Bearer',
    ...(refresh !== undefined ? { refresh_token: refresh } : {}),
    expires_in: access.expiresIn,
    scope: SCOPE,
    principal: user.email,
    ...(withKeys ? { organizer_key: user.userKey, account_key: user.accountKey } : {}),
  };
  return { status: 200, body, headers: NO_STORE };
}

export function token(ctx: SimContext, req: IncomingMessage, rawBody: string): OAuthOutcome {
  const type = mediaType(req);
  if (type !== 'application/x-www-form-urlencoded') {
    const logBody = rawBody === '' ? undefined : REDACTED; // may hold secrets in an unknown encoding
    return {
      reply: oauthError(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded'),
      logBody,
    };
  }
  const form = new URLSearchParams(rawBody);
  const logBody = rawBody === '' ? undefined : queryObject(form); // redacted by the request log
  const client = basicClient(ctx, req);
  if (!client) {
    return {
      reply: oauthError(401, 'invalid_client', 'client authentication failed (HTTP Basic client_id:client_secret)', {
        'WWW-Authenticate': 'Basic realm="oauth"',
      }),
      logBody,
    };
  }
  const grant = form.get('grant_type');
  if (!grant) return { reply: oauthError(400, 'invalid_request', 'grant_type is required'), logBody };

  if (grant === 'authorization_code') {
    const code = form.get('code');
    if (!code) return { reply: oauthError(400, 'invalid_request', 'code is required'), logBody };
    const user = ctx.tokens.redeemCode(code, client.clientId, form.get('redirect_uri') ?? undefined);
    if (!user) {
      return {
        reply: oauthError(400, 'invalid_grant', 'the code is unknown, used, expired, or was issued for another client or redirect_uri'),
        logBody,
      };
    }
    return { reply: tokenResponse(ctx, user, ctx.tokens.issueRefreshToken(user), true), logBody, userKey: user.userKey };
  }

  if (grant === 'refresh_token') {
    const refresh = form.get('refresh_token');
    if (!refresh) return { reply: oauthError(400, 'invalid_request', 'refresh_token is required'), logBody };
    const user = ctx.tokens.resolveRefreshToken(refresh, client.clientId);
    if (!user) return { reply: oauthError(400, 'invalid_grant', 'the refresh token is unknown or was issued to another client'), logBody };
    // GoTo answers a refresh without a new refresh_token; one comes only when the old one is about to expire, which
    // the simulator plays when its refreshTokenRotation setting is on (see Tokens.rotateRefreshToken).
    const rotated = ctx.tokens.rotateRefreshToken(refresh, user);
    return { reply: tokenResponse(ctx, user, rotated, false), logBody, userKey: user.userKey };
  }

  return { reply: oauthError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported; use authorization_code or refresh_token`), logBody };
}
