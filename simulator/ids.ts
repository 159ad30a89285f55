/** Identifier generators. Randomness here is not security-relevant except for tokens and secret values. */
import { randomBytes, randomUUID } from 'node:crypto';

const MIN_KEY = 8_000_000_000_000_000_000n; // 19 digits, far above 2^53 so JS-number parsing visibly corrupts it
const MAX_KEY = 9_223_372_036_854_775_807n; // 2^63 - 1: GoTo keys are signed 64-bit (Java long)

/** A GoTo-style 64-bit key as a decimal string, e.g. "8712349871234987123". */
export function newInt64Key(): string {
  const r = randomBytes(8).readBigUInt64BE();
  return (MIN_KEY + (r % (MAX_KEY - MIN_KEY + 1n))).toString();
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
