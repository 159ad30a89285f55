/**
 * Personal access tokens (PAT): what a GoTo user creates at myaccount.goto.com → Developer tools and an application
 * exchanges at the token endpoint (`grant_type=personal_access_token&pat=…`) for an access token. Each belongs to one
 * user and one OAuth client (GoTo: the token's scopes must match the client's). GoTo documents neither their lifetime
 * nor their revocation, so the simulator can do both at will, for the failures a client must explain to its user.
 */
import { newOpaqueToken } from './ids';

interface PersonalAccessToken {
  userKey: string;
  clientId: string;
  /** undefined: never expires. */
  expiresAtMs?: number;
  revoked: boolean;
}

/** Why a token cannot be exchanged: told in the token endpoint's error_description (a client must not rely on it). */
export type PatRefusal = 'unknown' | 'revoked' | 'expired' | 'other-client';

export type PatResolution = { userKey: string } | { refused: PatRefusal };

export class PersonalAccessTokens {
  private readonly tokens = new Map<string, PersonalAccessToken>();

  /** A new token for that user and client; `expiresInSeconds` absent: it never expires. */
  issue(userKey: string, clientId: string, options: { expiresInSeconds?: number } = {}, nowMs = Date.now()): { token: string; expiresAtMs?: number } {
    const token = newOpaqueToken('sim-pat');
    const expiresAtMs = options.expiresInSeconds === undefined ? undefined : nowMs + options.expiresInSeconds * 1000;
    this.add(token, userKey, clientId, expiresAtMs);
    return { token, ...(expiresAtMs !== undefined ? { expiresAtMs } : {}) };
  }

  /** Registers a token with a value chosen elsewhere (a SimUser's static one); refuses a duplicate. */
  add(token: string, userKey: string, clientId: string, expiresAtMs?: number): void {
    if (this.tokens.has(token)) throw new Error('simulator: duplicate personal access token');
    this.tokens.set(token, { userKey, clientId, revoked: false, ...(expiresAtMs !== undefined ? { expiresAtMs } : {}) });
  }

  /** false when the token is unknown. Revoking twice is fine. */
  revoke(token: string): boolean {
    const entry = this.tokens.get(token);
    if (!entry) return false;
    entry.revoked = true;
    return true;
  }

  /** The token expires at `nowMs` (unless it already has); false when it is unknown. */
  expire(token: string, nowMs = Date.now()): boolean {
    const entry = this.tokens.get(token);
    if (!entry) return false;
    if (entry.expiresAtMs === undefined || entry.expiresAtMs > nowMs) entry.expiresAtMs = nowMs;
    return true;
  }

  /**
   * The user the token stands for when `clientId` exchanges it, or why not. Another client's token is refused before
   * its state is told, so a client learns nothing about tokens that are not its own.
   */
  resolve(token: string, clientId: string, nowMs = Date.now()): PatResolution {
    const entry = this.tokens.get(token);
    if (!entry) return { refused: 'unknown' };
    if (entry.clientId !== clientId) return { refused: 'other-client' };
    if (entry.revoked) return { refused: 'revoked' };
    if (entry.expiresAtMs !== undefined && nowMs >= entry.expiresAtMs) return { refused: 'expired' };
    return { userKey: entry.userKey };
  }
}
