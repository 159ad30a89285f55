/**
 * createWebhookFetchHandler as `pulumi-gotowebinar/receiving` exports it: the signature checked with Node's `crypto`
 * (Node, or runtimes with its built-ins: Bun, Deno), which costs less per delivery than Web Crypto on Node.
 */
import { createFetchHandler, type WebhookFetchHandler, type WebhookFetchHandlerOptions } from './fetch-handler';
import { verifyWebhookSignature } from './verify';

/** Creates a Fetch API handler. @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createWebhookFetchHandler(options: WebhookFetchHandlerOptions): WebhookFetchHandler {
  return createFetchHandler(options, verifyWebhookSignature);
}
