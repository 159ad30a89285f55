// index.ts: bun run index.ts
import { createWebhookFetchHandler } from 'pulumi-gotowebinar/receiving/web';

const handleWebhook = createWebhookFetchHandler({
  secrets: process.env.GOTO_WEBHOOK_SECRET!,
  async onEvent(event) {
    console.log(`${event.eventName} ${event.eventKey}`);
  },
});

Bun.serve({ port: Number(process.env.PORT ?? 3000), fetch: handleWebhook });
