/** Identifier generators. Randomness here is not security-relevant except for tokens and secret values. */
import { randomBytes, randomUUID } from 'node:crypto';

const MIN_KEY = 8_000_000_000_000_000_000n; // 19 digits, far above 2^53 so JS-number parsing visibly corrupts it
const MAX_KEY = 9_223_372_036_854_775_807n; // 2^63 - 1: GoTo keys are signed 64-bit (Java long)

/** A GoTo-style 64-bit key as a decimal string, e.g. "8712349871234987123". */
export function newInt64Key(): string {
  const r = randomBytes(8).readBigUInt64BE();
  return (MIN_KEY + (r % (MAX_KEY - MIN_KEY + 1n))).toString();
}

/**
 * How the simulator mints webhookKey and userSubscriptionKey. GoTo's published spec types them as plain strings
 * and says nothing of their form: 'decimal' (the default) mints 64-bit decimal strings like its other keys,
 * 'uuid' UUIDs, 'mixed' any of decimal, uuid or `k_<base64url>` (letters, digits, `-`, `_`) at random. A client
 * must treat them all as opaque text.
 */
export type KeyShape = 'decimal' | 'uuid' | 'mixed';
export const KEY_SHAPES: readonly KeyShape[] = ['decimal', 'uuid', 'mixed'];

export function newResourceKey(shape: KeyShape): string {
  if (shape === 'uuid') return randomUUID();
  if (shape === 'mixed') {
    const pick = randomBytes(1)[0] % 3;
    if (pick === 0) return newInt64Key();
    if (pick === 1) return randomUUID();
    return `k_${randomBytes(12).toString('base64url')}`;
  }
  return newInt64Key();
}

/** An opaque bearer/refresh token or authorization code (URL-safe). */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}

/** A webhook secret key value: 32 random bytes, base64. */
export function newSecretValue(): string {
  return randomBytes(32).toString('base64');
}

export function newUuid(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}
