/**
 * The token endpoint of GoTo's authentication service (the authorization endpoint is authorize.ts):
 *
 * POST /oauth/token  form-encoded, client authenticated with HTTP Basic (as GoTo requires); grants
 *                    authorization_code, refresh_token and personal_access_token. Errors use the RFC 6749 shape
 *                    {"error", "error_description"}.
 */
import type { IncomingMessage } from 'node:http';
import type { SimContext } from './context';
import type { SimClient, SimUser } from './types';
import type { Reply } from './http-io';
import type { OAuthOutcome } from './oauth-reply';
import type { PatRefusal } from './personal-access-tokens';
import { mediaType, queryObject } from './http-io';
import { REDACTED } from './request-log';
import { NO_STORE, oauthError } from './oauth-reply';
import { settingsOf } from './client-settings';

const SCOPE = 'collab:';

/** What invalid_grant says for each refusal: the simulator knows which, GoTo may not say (clients must not rely on it). */
const PAT_REFUSALS: Record<PatRefusal, string> = {
  unknown: 'the personal access token is unknown',
  revoked: 'the personal access token was revoked',
  expired: 'the personal access token has expired',
  'other-client': 'the personal access token was made for another OAuth client',
};

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

/** grant_type=personal_access_token: the client must have the grant on, and the token be its own and still valid. */
function personalAccessTokenGrant(ctx: SimContext, client: SimClient, form: URLSearchParams): OAuthOutcome {
  if (!settingsOf(client).personalAccessTokenGrant) {
    const why = 'the client is not allowed to use the personal_access_token grant: enable it in the developer center';
    return { reply: oauthError(400, 'unauthorized_client', why) };
  }
  const pat = form.get('pat');
  if (!pat) return { reply: oauthError(400, 'invalid_request', 'pat is required') };
  const resolved = ctx.personalAccessTokens.resolve(pat, client.clientId);
  const user = 'userKey' in resolved ? ctx.tokens.user(resolved.userKey) : undefined;
  if (!user) return { reply: oauthError(400, 'invalid_grant', PAT_REFUSALS['refused' in resolved ? resolved.refused : 'unknown']) };
  // Like a refresh: an access token only (GoTo documents no refresh token for this grant), with the user's keys.
  return { reply: tokenResponse(ctx, user, undefined, true), userKey: user.userKey };
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

  if (grant === 'personal_access_token') return { ...personalAccessTokenGrant(ctx, client, form), logBody };

  return {
    reply: oauthError(400, 'unsupported_grant_type', `grant_type ${grant} is not supported; use authorization_code, refresh_token or personal_access_token`),
    logBody,
  };
}
