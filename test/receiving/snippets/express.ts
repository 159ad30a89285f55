// server.ts: Express; the receiver reads the raw body itself, so it goes before any JSON body parser
import express from 'express';
import { createWebhookReceiver } from 'pulumi-gotowebinar/receiving';

const receiver = createWebhookReceiver({
  secrets: process.env.GOTO_WEBHOOK_SECRET!,
  async onEvent(event) {
    console.log(`${event.eventName} ${event.eventKey}`);
  },
});

const app = express();
app.post('/goto/webhooks', receiver); // GoTo's deliveries
app.get('/goto/webhooks', receiver); // GoTo's validation GET
app.use(express.json()); // the rest of your app
app.listen(Number(process.env.PORT ?? 8080));
