/**
 * A client's OAuth settings, as GoTo's developer center holds them: whether the personal_access_token grant is on,
 * and the redirect URIs registered on the client. Read and changed through the admin surface (`/_sim/clients`) and
 * checked by the authorize and token endpoints.
 */
import type { ClientSettings, SimClient } from './types';
import { badRequest } from './http-io';
import { isPlainObject } from './validation';

export function settingsOf(client: SimClient): ClientSettings {
  return {
    clientId: client.clientId,
    redirectUris: [...(client.redirectUris ?? [])],
    personalAccessTokenGrant: client.personalAccessTokenGrant !== false,
  };
}

/** An absolute URL without a fragment (RFC 6749 §3.1.2), or undefined. */
function parsedRedirect(uri: string): URL | undefined {
  try {
    const url = new URL(uri);
    return url.hash === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `redirectUri` may receive the client's codes. With URIs registered, only one of them, compared exactly
 * after URL normalization (scheme and host case, default port, empty path as "/"): scheme, host, port, path and
 * query must all be equal. Loopback on any port (RFC 8252 §7.3) is not granted: GoTo does not document it, so a
 * client that relies on it must fail here first. Without registered URIs, any absolute URL (scripted tests).
 */
export function isRegisteredRedirect(client: SimClient, redirectUri: string): boolean {
  const registered = client.redirectUris ?? [];
  if (registered.length === 0) return true;
  const wanted = parsedRedirect(redirectUri);
  return wanted !== undefined && registered.some((r) => parsedRedirect(r)?.href === wanted.href);
}

function checkRedirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw badRequest('redirectUris must be an array of strings');
  }
  const bad = value.filter((v) => parsedRedirect(v) === undefined);
  if (bad.length > 0) throw badRequest(`redirectUris must be absolute URLs without a fragment: ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  return [...value];
}

/** A partial change of settings from the admin surface or code; throws a 400 ApiError naming what is wrong. */
export function checkSettingsChange(body: unknown): Partial<Omit<ClientSettings, 'clientId'>> {
  if (!isPlainObject(body)) throw badRequest('body must be a JSON object: {"personalAccessTokenGrant"?: boolean, "redirectUris"?: [string]}');
  const unknown = Object.keys(body).filter((k) => k !== 'personalAccessTokenGrant' && k !== 'redirectUris');
  if (unknown.length > 0) throw badRequest(`unknown field(s) ${unknown.join(', ')}; known: personalAccessTokenGrant, redirectUris`);
  const out: Partial<Omit<ClientSettings, 'clientId'>> = {};
  if (body.personalAccessTokenGrant !== undefined) {
    if (typeof body.personalAccessTokenGrant !== 'boolean') throw badRequest('personalAccessTokenGrant must be true or false');
    out.personalAccessTokenGrant = body.personalAccessTokenGrant;
  }
  if (body.redirectUris !== undefined) out.redirectUris = checkRedirectUris(body.redirectUris);
  return out;
}

export function applySettings(client: SimClient, change: Partial<Omit<ClientSettings, 'clientId'>>): void {
  if (change.personalAccessTokenGrant !== undefined) client.personalAccessTokenGrant = change.personalAccessTokenGrant;
  if (change.redirectUris !== undefined) client.redirectUris = [...change.redirectUris];
}

/** Checks the clients given to startSimulator (a plain Error: a programming mistake, not a request). */
export function checkClientOptions(client: SimClient): void {
  try {
    if (client.redirectUris !== undefined) checkRedirectUris(client.redirectUris);
  } catch (err) {
    throw new Error(`simulator: client ${client.clientId}: ${(err as Error).message}`);
  }
  if (client.personalAccessTokenGrant !== undefined && typeof client.personalAccessTokenGrant !== 'boolean') {
    throw new Error(`simulator: client ${client.clientId}: personalAccessTokenGrant must be a boolean`);
  }
}
