// src/index.ts: a Cloudflare Worker (no Node.js compatibility flag needed)
import { createWebhookFetchHandler, type WebhookFetchHandler } from 'pulumi-gotowebinar/receiving/web';

interface Env {
  GOTO_WEBHOOK_SECRET: string; // wrangler secret put GOTO_WEBHOOK_SECRET
}

let handleWebhook: WebhookFetchHandler | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    // The secret comes with the request's env: the handler is made once per isolate, at its first request.
    handleWebhook ??= createWebhookFetchHandler({
      secrets: env.GOTO_WEBHOOK_SECRET,
      async onEvent(event) {
        console.log(`${event.eventName} ${event.eventKey}`);
      },
    });
    return handleWebhook(request);
  },
};
