/**
 * Who a bearer token, refresh token or authorization code stands for. Static dev tokens (from SimUser) never
 * expire; tokens issued by the OAuth endpoint expire after tokenTtlSeconds, or at once on expireAll().
 */
import type { RefreshTokenRotation, SimClient, SimUser } from './types';
import { newOpaqueToken } from './ids';

interface AccessGrant {
  userKey: string;
  /** undefined: static dev token, never expires. */
  expiresAtMs?: number;
}

interface AuthorizationCode {
  clientId: string;
  userKey: string;
  redirectUri: string;
  expiresAtMs: number;
}

/** Authorization codes are short-lived and single-use, as in any OAuth server. */
const CODE_TTL_MS = 10 * 60 * 1000;

export const REFRESH_TOKEN_ROTATIONS: readonly RefreshTokenRotation[] = ['off', 'keep-old', 'revoke-old'];

export class Tokens {
  private readonly usersByKey = new Map<string, SimUser>();
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, string>(); // refresh token → userKey
  private readonly codes = new Map<string, AuthorizationCode>();
  /** Refresh tokens issued by a rotation: fresh, so a refresh with one of them does not rotate again. */
  private readonly rotated = new Set<string>();
  /** See SimulatorOptions.refreshTokenRotation. */
  rotation: RefreshTokenRotation = 'off';

  constructor(
    readonly clients: SimClient[],
    readonly users: SimUser[],
    private readonly ttlSeconds: number,
  ) {
    const clientIds = new Set(clients.map((c) => c.clientId));
    for (const u of users) {
      if (!clientIds.has(u.clientId)) throw new Error(`simulator: user ${u.email} names unknown client ${u.clientId}`);
      if (this.usersByKey.has(u.userKey)) throw new Error(`simulator: duplicate userKey ${u.userKey}`);
      if (this.access.has(u.accessToken)) throw new Error(`simulator: duplicate accessToken for ${u.email}`);
      if (this.refresh.has(u.refreshToken)) throw new Error(`simulator: duplicate refreshToken for ${u.email}`);
      this.usersByKey.set(u.userKey, u);
      this.access.set(u.accessToken, { userKey: u.userKey });
      this.refresh.set(u.refreshToken, u.userKey);
    }
  }

  user(userKey: string): SimUser | undefined {
    return this.usersByKey.get(userKey);
  }

  client(clientId: string): SimClient | undefined {
    return this.clients.find((c) => c.clientId === clientId);
  }

  usersOf(clientId: string): SimUser[] {
    return this.users.filter((u) => u.clientId === clientId);
  }

  /** The user a bearer token stands for, unless it is unknown or expired. */
  resolveAccessToken(token: string, nowMs = Date.now()): SimUser | undefined {
    const grant = this.access.get(token);
    if (!grant) return undefined;
    if (grant.expiresAtMs !== undefined && nowMs >= grant.expiresAtMs) return undefined;
    return this.usersByKey.get(grant.userKey);
  }

  issueAccessToken(user: SimUser): { token: string; expiresIn: number } {
    const token = newOpaqueToken('sim-at');
    this.access.set(token, { userKey: user.userKey, expiresAtMs: Date.now() + this.ttlSeconds * 1000 });
    return { token, expiresIn: Math.ceil(this.ttlSeconds) };
  }

  issueRefreshToken(user: SimUser): string {
    const token = newOpaqueToken('sim-rt');
    this.refresh.set(token, user.userKey);
    return token;
  }

  /** The refresh token's user, if the token is known and was issued to `clientId`. */
  resolveRefreshToken(token: string, clientId: string): SimUser | undefined {
    const userKey = this.refresh.get(token);
    const user = userKey === undefined ? undefined : this.usersByKey.get(userKey);
    return user && user.clientId === clientId ? user : undefined;
  }

  /**
   * The refresh token to hand out with a refresh made with `used`, if any. With rotation on, every refresh token not
   * itself issued by a rotation counts as about to expire (GoTo's only reason to send a new one): the answer carries
   * a fresh one, and the used one keeps working ('keep-old', GoTo's likely behaviour: it has not expired yet) or is
   * revoked at once ('revoke-old', the strictest case a client must survive).
   */
  rotateRefreshToken(used: string, user: SimUser): string | undefined {
    if (this.rotation === 'off' || this.rotated.has(used)) return undefined;
    const next = this.issueRefreshToken(user);
    this.rotated.add(next);
    if (this.rotation === 'revoke-old') this.refresh.delete(used);
    return next;
  }

  issueCode(clientId: string, userKey: string, redirectUri: string): string {
    const code = newOpaqueToken('sim-code');
    this.codes.set(code, { clientId, userKey, redirectUri, expiresAtMs: Date.now() + CODE_TTL_MS });
    return code;
  }

  /**
   * Redeems a code (single use: it is gone after the first attempt, even a failed one, as RFC 6749 recommends).
   * Fails unless it was issued to `clientId` for the same redirect_uri and has not expired.
   */
  redeemCode(code: string, clientId: string, redirectUri: string | undefined): SimUser | undefined {
    const entry = this.codes.get(code);
    if (!entry) return undefined;
    this.codes.delete(code);
    if (entry.clientId !== clientId || entry.redirectUri !== redirectUri || Date.now() >= entry.expiresAtMs) return undefined;
    return this.usersByKey.get(entry.userKey);
  }

  /** Expires every OAuth-issued access token (they then answer 403 InvalidToken); static tokens stay valid. */
  expireIssuedAccessTokens(): number {
    let n = 0;
    const now = Date.now();
    for (const grant of this.access.values()) {
      if (grant.expiresAtMs !== undefined && grant.expiresAtMs > now) {
        grant.expiresAtMs = now;
        n++;
      }
    }
    return n;
  }
}
