/**
 * The receiving side of a key rotation: accept deliveries signed with the new key **or** the old one while GoTo
 * switches over, and tell which one signed (once nothing arrives with the old key any more, it can go).
 *
 *   GOTO_WEBHOOK_SECRETS="$(pulumi stack output --show-secrets receiverSecrets)" PORT=8080 npx ts-node receiver.ts
 *
 * Deploy it with both secrets **before** GoTo switches (the new key's validFrom), and again with only the new one
 * after the old key has left the stack.
 */
import { createServer } from 'node:http';
import { createWebhookReceiver, type WebhookEvent, type WebhookRequestHandler } from 'pulumi-gotowebinar/receiving';

export type SignedWith = 'new key' | 'old key';

/** `secrets` newest first, as the stack output receiverSecrets lists them: [newKey, oldKey]. */
export function rotatingReceiver(
  secrets: string[],
  onEvent: (event: WebhookEvent, signedWith: SignedWith) => void | Promise<void>,
): WebhookRequestHandler {
  const [newKey, ...oldKeys] = secrets;
  return createWebhookReceiver({
    // During the overlap both verify; the receiver tries them in this order.
    secrets: [newKey, ...oldKeys],
    onEvent: (event, { secretIndex }) => onEvent(event, secretIndex === 0 ? 'new key' : 'old key'),
  });
}

if (require.main === module) {
  const secrets = JSON.parse(process.env.GOTO_WEBHOOK_SECRETS ?? '[]') as string[];
  if (!Array.isArray(secrets) || secrets.length === 0) {
    console.error('Set GOTO_WEBHOOK_SECRETS to the stack output receiverSecrets (a JSON list, newest first).');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8080);
  createServer(
    rotatingReceiver(secrets, (event, signedWith) => {
      console.log(`${event.eventName} ${event.eventKey ?? ''} signed with the ${signedWith}`);
    }),
  ).listen(port, () => console.log(`receiving on port ${port} with ${secrets.length} key(s)`));
}
