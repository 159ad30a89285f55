/**
 * The root stack's outputs (index.ts exports them), as `stack.outputs()` gives them once resolved: the one
 * declaration, for the programs that read them (the demo, the tests).
 */
export interface Outputs {
  /** Webhook name → GoTo's webhookKey. */
  webhookKeys: Record<string, string>;
  /** Organizer (as named in the stack file) → webhook name → GoTo's userSubscriptionKey. */
  subscriptionKeys: Record<string, Record<string, string>>;
  /** The signing secret (a Pulumi secret). */
  secretKey: string;
  secretKeyId: string;
  /** When the key takes over signing. */
  secretKeyValidFrom: string;
  /** The random path segment of every callback URL (a Pulumi secret). */
  callbackPathToken: string;
  callbackBaseUrl: string;
  /** Webhook name → its callback URL (a Pulumi secret: it holds the token). */
  callbackUrls: Record<string, string>;
}
