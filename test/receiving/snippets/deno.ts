// main.ts: deno run --allow-net --allow-env main.ts
import { createWebhookFetchHandler } from 'npm:pulumi-gotowebinar/receiving/web';

const handleWebhook = createWebhookFetchHandler({
  secrets: Deno.env.get('GOTO_WEBHOOK_SECRET')!,
  async onEvent(event) {
    console.log(`${event.eventName} ${event.eventKey}`);
  },
});

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, handleWebhook);
