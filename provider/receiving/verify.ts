/**
 * Verifying that a delivery was signed by GoTo with one of the application's secret keys, and is recent, with
 * Node's `crypto`: synchronous, and the cheapest where Node's built-ins exist (measured against Web Crypto by
 * `npm run bench:receiving`). verify-web.ts is the same check through Web Crypto, for runtimes without them; what
 * both share (reading the options and headers, judging the result) is verify-input.ts.
 */
import { timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './errors';
import { signatureDigest } from './signature';
import {
  readVerificationInput,
  UNREADABLE_OPTIONS,
  verificationOutcome,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify-input';

export {
  DEFAULT_TOLERANCE_SECONDS,
  isToleranceSeconds,
  type VerifyWebhookSignatureOptions,
  type WebhookVerificationResult,
} from './verify-input';

/** Checks a delivery's signature and age. Never throws; see `WebhookVerificationResult`. */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): WebhookVerificationResult {
  try {
    const input = readVerificationInput(options);
    if (!input.ok) return input;
    const received = Buffer.from(input.signature, 'base64'); // 32 bytes, as the header's shape guarantees
    let secretIndex = -1;
    // Every secret is tried, matched or not: how long this takes says nothing about which one matched.
    input.secrets.forEach((secret, index) => {
      const expected = signatureDigest(secret, input.timestamp, input.body);
      if (timingSafeEqual(expected, received) && secretIndex === -1) secretIndex = index;
    });
    return verificationOutcome(input, secretIndex);
  } catch {
    // Only reachable through hostile option objects (throwing getters, proxies): the inputs were unreadable.
    return UNREADABLE_OPTIONS;
  }
}

/**
 * Like `verifyWebhookSignature`, for code that prefers exceptions.
 * @throws WebhookVerificationError with `.code` set to the failure reason
 */
export function assertWebhookSignature(options: VerifyWebhookSignatureOptions): { secretIndex: number; timestamp: string } {
  const result = verifyWebhookSignature(options);
  if (!result.ok) throw new WebhookVerificationError(result.reason, result.message);
  return { secretIndex: result.secretIndex, timestamp: result.timestamp };
}
