// app/goto/webhooks/route.ts: a Next.js route handler (App Router)
import { createWebhookFetchHandler, type WebhookFetchHandler } from 'pulumi-gotowebinar/receiving';

let handleWebhook: WebhookFetchHandler | undefined;

// Made at the first request rather than when Next.js loads the module at build time, when the secret may be unset.
function webhookHandler(): WebhookFetchHandler {
  return (handleWebhook ??= createWebhookFetchHandler({
    secrets: process.env.GOTO_WEBHOOK_SECRET!,
    async onEvent(event) {
      console.log(`${event.eventName} ${event.eventKey}`);
    },
  }));
}

export const dynamic = 'force-dynamic'; // never prerender: the GET is GoTo's validation of the URL

export function GET(request: Request): Promise<Response> {
  return webhookHandler()(request);
}

export function POST(request: Request): Promise<Response> {
  return webhookHandler()(request);
}
