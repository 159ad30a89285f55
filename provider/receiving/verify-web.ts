/**
 * The same check as verify.ts, through Web Crypto (`crypto.subtle`) instead of Node's `crypto`: for runtimes that
 * have Web Crypto and no Node built-ins (Cloudflare Workers without the Node compatibility flag, Vercel's edge
 * runtime), and wherever one code path for every runtime is wanted. It is asynchronous because Web Crypto is.
 *
 * The comparison is Web Crypto's own: `subtle.verify('HMAC', …)` recomputes the digest and compares it in constant
 * time inside the runtime's crypto library (BoringSSL, OpenSSL, ring), so no hand-written comparison is needed.
 * Every secret is still tried, matched or not, as in verify.ts. Nothing here uses `Buffer` or a `node:` module.
 *
 * On Node, this costs more per delivery than Node's `crypto` (each Web Crypto call is a job handed to the thread
 * pool and its input copied): `npm run bench:receiving` measures both; so the Node entry keeps Node's `crypto`.
 */
import { prefixedBytes } from './body-bytes';
import { deleteOldest } from './dedupe';
import {
  fail,
  readVerificationInput,
  UNREADABLE_OPTIONS,
  verificationOutcome,
  type VerificationInput,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify-input';

/**
 * Checks a delivery's signature and age with Web Crypto: the same result as `verifyWebhookSignature`, as a promise.
 * Never rejects; see `WebhookVerificationResult`.
 */
export async function verifyWebhookSignatureAsync(options: VerifyWebhookSignatureOptions): Promise<WebhookVerificationResult> {
  try {
    const input = readVerificationInput(options);
    if (!input.ok) return input;
    const subtle = webCrypto();
    if (subtle === undefined) return NO_WEB_CRYPTO;
    const keys = await Promise.all(input.secrets.map((secret) => hmacKey(subtle, secret)));
    return verificationOutcome(input, await firstMatch(subtle, keys, input));
  } catch {
    // Hostile option objects (throwing getters, proxies) or a throwing clock: the inputs were unreadable.
    return UNREADABLE_OPTIONS;
  }
}

const NO_WEB_CRYPTO = fail(
  'INVALID_OPTIONS',
  'Web Crypto (crypto.subtle) is not available in this runtime: use verifyWebhookSignature from pulumi-gotowebinar/receiving',
);

type Subtle = typeof globalThis.crypto.subtle;
type HmacKey = Awaited<ReturnType<Subtle['importKey']>>;

function webCrypto(): Subtle | undefined {
  // Node's types say it is always there; not every runtime has it.
  return globalThis.crypto?.subtle;
}

/** Index of the first secret whose HMAC matches the signature, or -1; every secret is verified. */
async function firstMatch(subtle: Subtle, keys: HmacKey[], input: VerificationInput): Promise<number> {
  const signature = base64Bytes(input.signature);
  const message = prefixedBytes(`${input.timestamp}:`, input.body);
  const matches = await Promise.all(keys.map((key) => subtle.verify('HMAC', key, signature, message)));
  return matches.indexOf(true);
}

/** The 32 signature bytes (the shape was checked: base64 of 32 bytes, the "=" optional, which atob allows). */
function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Imported keys, by secret: importing costs about as much as verifying a small body, and a receiver verifies with
 * the same one or two secrets all its life. Bounded, so that a caller passing ever new secrets cannot grow it.
 * The keys are not extractable; the secrets are the caller's own strings, already in its memory.
 */
const KEY_CACHE_SIZE = 16;
const keyCache = new Map<string, Promise<HmacKey>>();
const encoder = new TextEncoder();

function hmacKey(subtle: Subtle, secret: string): Promise<HmacKey> {
  const cached = keyCache.get(secret);
  if (cached !== undefined) return cached;
  const key = subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  keyCache.set(secret, key);
  key.catch(() => keyCache.delete(secret));
  if (keyCache.size > KEY_CACHE_SIZE) deleteOldest(keyCache);
  return key;
}
