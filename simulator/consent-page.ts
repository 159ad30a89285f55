/**
 * The consent page of `GET /oauth/authorize` (consent mode 'page'): names the client, lists its users to sign in as
 * (radio buttons, the first or the `user_key` one checked), and one form posting the decision (Allow or Deny) to
 * `POST /oauth/authorize` with the request in hidden fields and the page's single-use nonce. No script: a browser,
 * a headless one or a test posting the form by hand all do the same thing.
 */
import type { SimClient, SimUser } from './types';
import type { Reply } from './http-io';
import type { AuthorizationRequest } from './consent-requests';
import { escapeHtml, formTargetSource, htmlPage } from './html-page';

/** The hidden field that carries the page's nonce (redacted in the request log). */
export const NONCE_FIELD = 'consent_nonce';

/** The authorization request as the form's hidden fields, in the names of the query it came from. */
export function hiddenFields(request: AuthorizationRequest): Record<string, string> {
  return {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: request.responseType,
    ...(request.state !== null ? { state: request.state } : {}),
    ...(request.scope !== null ? { scope: request.scope } : {}),
  };
}

export function consentPage(client: SimClient, users: SimUser[], checkedUserKey: string, request: AuthorizationRequest, nonce: string): Reply {
  const e = escapeHtml;
  const radios = users.map((u, i) => {
    const id = `user-${i + 1}`;
    const checked = u.userKey === checkedUserKey ? ' checked' : '';
    return `<div><input type="radio" name="user_key" value="${e(u.userKey)}" id="${id}"${checked}><label for="${id}">${e(u.email)}</label></div>`;
  });
  const hidden = Object.entries({ ...hiddenFields(request), [NONCE_FIELD]: nonce }).map(
    ([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`,
  );
  const body = [
    `<h1>Allow <strong>${e(client.clientId)}</strong> to use your GoTo account?</h1>`,
    `<p>The application <strong>${e(client.clientId)}</strong> asks for access${request.scope !== null ? ` (scope <code>${e(request.scope)}</code>)` : ''}. ` +
      `Your answer is sent to <code>${e(request.redirectUri)}</code>.</p>`,
    '<form method="post" action="/oauth/authorize">',
    '<fieldset>',
    '<legend>Sign in as</legend>',
    ...radios,
    '</fieldset>',
    ...hidden,
    '<button type="submit" name="decision" value="allow">Allow</button>',
    '<button type="submit" name="decision" value="deny">Deny</button>',
    '</form>',
    '<p><small>GoToWebinar simulator: a stand-in for GoTo\'s sign-in and consent; no password is asked.</small></p>',
  ].join('\n');
  return htmlPage(200, `Authorize ${client.clientId}`, body, [formTargetSource(request.redirectUri)]);
}

/** A page for a refused authorization request that cannot be redirected (its redirect_uri is not to be trusted). */
export function errorPage(status: number, error: string, description: string): Reply {
  const body = [
    '<h1>This sign-in cannot go on</h1>',
    `<p><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</p>`,
    '<p>Nothing was sent to the application. Start the sign-in again from the application.</p>',
  ].join('\n');
  return htmlPage(status, `Sign-in error: ${error}`, body);
}
