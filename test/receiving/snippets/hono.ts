// app.ts: a Hono app, on any runtime Hono runs on (Workers, Deno, Bun, Node)
import { Hono } from 'hono';
import { env } from 'hono/adapter';
import { createWebhookFetchHandler, type WebhookFetchHandler } from 'pulumi-gotowebinar/receiving/web';

let handleWebhook: WebhookFetchHandler | undefined;

const app = new Hono();

app.on(['GET', 'POST'], '/goto/webhooks', (c) => {
  handleWebhook ??= createWebhookFetchHandler({
    secrets: env<{ GOTO_WEBHOOK_SECRET: string }>(c).GOTO_WEBHOOK_SECRET, // Workers' env, or the process's
    async onEvent(event) {
      console.log(`${event.eventName} ${event.eventKey}`);
    },
  });
  return handleWebhook(c.req.raw); // the untouched Request: the handler reads (and verifies) its raw body
});

export default app;
