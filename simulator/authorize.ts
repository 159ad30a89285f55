/**
 * GoTo's authorization endpoint, enough for a real client's authorization-code flow:
 *
 * GET  /oauth/authorize  checks the client and its redirect_uri (one registered on the client, when it registers
 *                        any: else refused with a 400 and no redirect, since the URI is not to be trusted), then
 *                        - consent mode 'page' (default): answers the consent page (choose the user, Allow or Deny);
 *                        - consent mode 'auto': approves at once as the client's first user, or the simulator-only
 *                          `user_key` query parameter, and 302-redirects to redirect_uri with code and state.
 * POST /oauth/authorize  the consent page's form: its single-use nonce and the unchanged request, then Allow → 302
 *                        with code and state, Deny → 302 with error=access_denied and state.
 */
import type { IncomingMessage } from 'node:http';
import type { SimContext } from './context';
import type { SimClient, SimUser } from './types';
import type { AuthorizationRequest } from './consent-requests';
import type { OAuthOutcome } from './oauth-reply';
import { mediaType, queryObject } from './http-io';
import { REDACTED } from './request-log';
import { isRegisteredRedirect } from './client-settings';
import { NONCE_FIELD, consentPage, hiddenFields } from './consent-page';
import { redirectBack, refusal } from './oauth-reply';

/** The client and redirect_uri of a request, once both are known to be trustworthy; else the refusal to answer. */
function trustedTarget(ctx: SimContext, req: IncomingMessage, clientId: string | null, redirectUri: string | null): { client: SimClient; redirectUri: string } | OAuthOutcome {
  // Without a trustworthy client and redirect_uri there is nowhere safe to redirect to: answer the error directly.
  if (!clientId) return { reply: refusal(req, 400, 'invalid_request', 'client_id is required') };
  const client = ctx.tokens.client(clientId);
  if (!client) return { reply: refusal(req, 400, 'invalid_client', `unknown client_id ${clientId}`) };
  if (!redirectUri) return { reply: refusal(req, 400, 'invalid_request', 'redirect_uri is required') };
  try {
    new URL(redirectUri);
  } catch {
    return { reply: refusal(req, 400, 'invalid_request', 'redirect_uri must be an absolute URL') };
  }
  if (!isRegisteredRedirect(client, redirectUri)) {
    const registered = (client.redirectUris ?? []).join(', ');
    return { reply: refusal(req, 400, 'invalid_request', `redirect_uri ${redirectUri} is not registered for client ${clientId}; registered: ${registered}`) };
  }
  return { client, redirectUri };
}

/** The user to preselect or approve as: `user_key` when given (it must be one of the client's), else the first. */
function chosenUser(client: SimClient, users: SimUser[], userKey: string | null): SimUser | string {
  const user = userKey ? users.find((u) => u.userKey === userKey) : users[0];
  if (user) return user;
  return userKey ? `user_key ${userKey} is not a user of client ${client.clientId}` : `client ${client.clientId} has no users`;
}

export function authorize(ctx: SimContext, req: IncomingMessage, query: URLSearchParams): OAuthOutcome {
  const target = trustedTarget(ctx, req, query.get('client_id'), query.get('redirect_uri'));
  if ('reply' in target) return target;
  const { client, redirectUri } = target;
  const state = query.get('state');
  if (query.get('response_type') !== 'code') {
    return { reply: redirectBack(redirectUri, state, { error: 'unsupported_response_type', error_description: 'response_type must be code' }) };
  }
  const users = ctx.tokens.usersOf(client.clientId);
  const user = chosenUser(client, users, query.get('user_key'));
  if (typeof user === 'string') return { reply: refusal(req, 400, 'invalid_request', user) };

  if (ctx.oauthConsent === 'auto') {
    const code = ctx.tokens.issueCode(client.clientId, user.userKey, redirectUri);
    return { reply: redirectBack(redirectUri, state, { code }), userKey: user.userKey };
  }
  const request: AuthorizationRequest = { clientId: client.clientId, redirectUri, responseType: 'code', state, scope: query.get('scope') };
  return { reply: consentPage(client, users, user.userKey, request, ctx.consents.issue(request)) };
}

/** The form field's only value; undefined when absent, null when sent more than once (a form never does). */
function single(form: URLSearchParams, name: string): string | undefined | null {
  const all = form.getAll(name);
  return all.length === 0 ? undefined : all.length === 1 ? all[0]! : null;
}

export function decide(ctx: SimContext, req: IncomingMessage, rawBody: string): OAuthOutcome {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    const logBody = rawBody === '' ? undefined : REDACTED;
    return { reply: refusal(req, 400, 'invalid_request', 'the consent form must be posted as application/x-www-form-urlencoded'), logBody };
  }
  const form = new URLSearchParams(rawBody);
  const logBody = rawBody === '' ? undefined : queryObject(form); // the nonce is redacted by the request log
  const refuse = (description: string): OAuthOutcome => ({ reply: refusal(req, 400, 'invalid_request', description), logBody });

  const nonce = single(form, NONCE_FIELD);
  if (!nonce) return refuse(`the form has no ${NONCE_FIELD}: the decision must be posted from the consent page of GET /oauth/authorize`);
  const request = ctx.consents.take(nonce);
  if (!request) return refuse('this consent form was already used or has expired (each page can be answered once, within 10 minutes): start the sign-in again');
  const expected = hiddenFields(request);
  for (const name of ['client_id', 'redirect_uri', 'response_type', 'state', 'scope']) {
    if (single(form, name) !== expected[name]) return refuse(`${name} is not the one of the request the consent page was made for`);
  }
  // The client's registered URIs may have changed while the page was open: check again before redirecting.
  const target = trustedTarget(ctx, req, request.clientId, request.redirectUri);
  if ('reply' in target) return { ...target, logBody };

  const decision = single(form, 'decision');
  if (decision === 'deny') {
    return { reply: redirectBack(request.redirectUri, request.state, { error: 'access_denied', error_description: 'the user denied access' }), logBody };
  }
  if (decision !== 'allow') return refuse('decision must be allow or deny');
  const userKey = single(form, 'user_key');
  const user = ctx.tokens.usersOf(target.client.clientId).find((u) => u.userKey === userKey);
  if (!user) return refuse(userKey ? `user_key ${userKey} is not a user of client ${target.client.clientId}` : 'choose the user to sign in as (user_key)');
  const code = ctx.tokens.issueCode(target.client.clientId, user.userKey, request.redirectUri);
  return { reply: redirectBack(request.redirectUri, request.state, { code }), logBody, userKey: user.userKey };
}
