/**
 * createWebhookFetchHandler as `pulumi-gotowebinar/receiving/web` exports it: the signature checked with Web Crypto,
 * so it loads where there is no Node built-in at all (Cloudflare Workers without the Node compatibility flag).
 */
import { createFetchHandler, type WebhookFetchHandler, type WebhookFetchHandlerOptions } from './fetch-handler';
import { verifyWebhookSignatureAsync } from './verify-web';

/** Creates a Fetch API handler. @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createWebhookFetchHandler(options: WebhookFetchHandlerOptions): WebhookFetchHandler {
  return createFetchHandler(options, verifyWebhookSignatureAsync);
}
