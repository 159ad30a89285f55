/**
 * What code and the admin surface can steer of the simulator's OAuth: personal access tokens (issue, revoke, expire),
 * each client's settings (the personal_access_token grant, registered redirect URIs) and the consent mode. Every
 * operation checks its arguments and throws an ApiError (400 bad value, 404 unknown token or client), which the admin
 * surface answers as is and code sees as an Error with the same message.
 */
import type { SimContext } from './context';
import type { ClientSettings, IssuedPersonalAccessToken, OAuthConsentMode, OAuthControl, SimClient } from './types';
import { badRequest, notFound } from './http-io';
import { applySettings, checkSettingsChange, settingsOf } from './client-settings';

export const OAUTH_CONSENT_MODES: readonly OAuthConsentMode[] = ['page', 'auto'];


export function checkConsentMode(mode: unknown): OAuthConsentMode {
  if (!OAUTH_CONSENT_MODES.includes(mode as OAuthConsentMode)) throw badRequest(`consent must be one of ${OAUTH_CONSENT_MODES.join(', ')}`);
  return mode as OAuthConsentMode;
}

export function oauthControl(ctx: SimContext): OAuthControl {
  const client = (clientId: string): SimClient => {
    const found = ctx.tokens.client(clientId);
    if (!found) throw notFound(`no client ${clientId}; GET /_sim/clients lists them`);
    return found;
  };
  const known = (done: boolean): void => {
    if (!done) throw notFound('no such personal access token');
  };
  return {
    issuePersonalAccessToken(userKey, options = {}) {
      const user = typeof userKey === 'string' ? ctx.tokens.user(userKey) : undefined;
      if (!user) throw badRequest(`userKey ${String(userKey)} is not a user of the simulator`);
      const { expiresInSeconds } = options;
      if (expiresInSeconds !== undefined && !(typeof expiresInSeconds === 'number' && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0)) {
        throw badRequest('expiresInSeconds must be a positive number (absent: the token does not expire)');
      }
      const issued = ctx.personalAccessTokens.issue(user.userKey, user.clientId, { expiresInSeconds });
      return {
        token: issued.token,
        userKey: user.userKey,
        clientId: user.clientId,
        ...(issued.expiresAtMs !== undefined ? { expiresAt: new Date(issued.expiresAtMs).toISOString() } : {}),
      };
    },
    revokePersonalAccessToken: (token) => known(ctx.personalAccessTokens.revoke(token)),
    expirePersonalAccessToken: (token) => known(ctx.personalAccessTokens.expire(token)),
    clientSettings: (clientId) => settingsOf(client(clientId)),
    listClientSettings: () => ctx.tokens.clients.map(settingsOf),
    setClientSettings(clientId, settings) {
      const target = client(clientId);
      applySettings(target, checkSettingsChange(settings));
      return settingsOf(target);
    },
    oauthConsent: () => ctx.oauthConsent,
    setOauthConsent(mode) {
      ctx.oauthConsent = checkConsentMode(mode);
    },
  };
}
