// handler.ts: an AWS Lambda function behind a Function URL or an API Gateway HTTP API (payload format 2.0)
import { createWebhookLambdaHandler } from 'pulumi-gotowebinar/receiving';

export const handler = createWebhookLambdaHandler({
  secrets: process.env.GOTO_WEBHOOK_SECRET!,
  async onEvent(event) {
    console.log(`${event.eventName} ${event.eventKey}`);
  },
});
