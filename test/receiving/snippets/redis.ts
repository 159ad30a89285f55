// server.ts: one of several receiver instances sharing a Redis, so that each event is handled once among them
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createRedisEventKeyStore, createWebhookReceiver } from 'pulumi-gotowebinar/receiving';

async function main(): Promise<void> {
  // disableOfflineQueue: while Redis is away, commands fail at once instead of waiting for it to come back.
  const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
  redis.on('error', (error: Error) => console.error(`redis: ${error.message}`)); // unlistened, an error ends the process
  await redis.connect();

  const receiver = createWebhookReceiver({
    secrets: process.env.GOTO_WEBHOOK_SECRET!,
    dedupe: createRedisEventKeyStore(redis),
    async onEvent(event) {
      console.log(`${event.eventName} ${event.eventKey}`);
    },
  });
  createServer(receiver).listen(Number(process.env.PORT ?? 8080));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
