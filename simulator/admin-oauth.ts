/**
 * The admin routes for OAuth (personal access tokens, client settings, the consent mode): the bodies read and checked
 * here, the operations done by OAuthControl (oauth-control.ts). Listed in ADMIN_ENDPOINTS (admin.ts).
 */
import type { OAuthConsentMode, OAuthControl } from './types';
import type { Reply } from './http-io';
import { badRequest } from './http-io';
import { isPlainObject } from './validation';

function fields(body: unknown, allowed: string[], hint: string): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest(`body must be a JSON object: ${hint}`);
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw badRequest(`unknown field(s) ${unknown.join(', ')}; ${hint}`);
  return body;
}

function tokenOf(body: unknown): string {
  const { token } = fields(body, ['token'], '{"token": "…"}');
  if (typeof token !== 'string' || token === '') throw badRequest('token must be a non-empty string');
  return token;
}

const CLIENT_PATH = /^\/_sim\/clients\/([^/]+)$/;

/** The answer to an OAuth admin route, or undefined when `method path` is not one of them. */
export function handleOAuthAdmin(control: OAuthControl, method: string, path: string, body: unknown): Reply | undefined {
  const client = CLIENT_PATH.exec(path);
  if (client && (method === 'GET' || method === 'PUT')) {
    let clientId: string;
    try {
      clientId = decodeURIComponent(client[1]!);
    } catch {
      throw badRequest('the client id in the path is not valid percent-encoding');
    }
    if (method === 'GET') return { status: 200, body: control.clientSettings(clientId) };
    // setClientSettings checks the body itself (code calls it too): fields, types, absolute redirect URIs.
    return { status: 200, body: control.setClientSettings(clientId, body as Parameters<OAuthControl['setClientSettings']>[1]) };
  }
  switch (`${method} ${path}`) {
    case 'POST /_sim/personal-access-tokens': {
      const { userKey, expiresInSeconds } = fields(body, ['userKey', 'expiresInSeconds'], '{"userKey": "…", "expiresInSeconds"?: N}');
      if (typeof userKey !== 'string') throw badRequest('userKey must be a string');
      return { status: 201, body: control.issuePersonalAccessToken(userKey, { expiresInSeconds: expiresInSeconds as number | undefined }) };
    }
    case 'POST /_sim/personal-access-tokens/revoke':
      control.revokePersonalAccessToken(tokenOf(body));
      return { status: 200, body: { revoked: true } };
    case 'POST /_sim/personal-access-tokens/expire':
      control.expirePersonalAccessToken(tokenOf(body));
      return { status: 200, body: { expired: true } };
    case 'GET /_sim/clients':
      return { status: 200, body: control.listClientSettings() };
    case 'GET /_sim/oauth':
      return { status: 200, body: { consent: control.oauthConsent() } };
    case 'PUT /_sim/oauth': {
      const { consent } = fields(body, ['consent'], '{"consent": "page" | "auto"}');
      control.setOauthConsent(consent as OAuthConsentMode); // checked by setOauthConsent
      return { status: 200, body: { consent: control.oauthConsent() } };
    }
    default:
      return undefined;
  }
}
