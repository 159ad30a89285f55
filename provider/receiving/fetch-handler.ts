/**
 * The receiver for the Fetch API: `(request: Request) => Promise<Response>`, as a Cloudflare Worker's `fetch`, a
 * Deno.serve or Bun.serve handler, a Next.js route handler or a Hono route take it. It answers exactly what the
 * node:http receiver answers (the core decides: receiver-core.ts); this file only turns a Request into a delivery
 * and the decision into a Response. It uses no Node built-in: the entry points give it the signature check
 * (fetch-handler-node.ts: Node's `crypto`; fetch-handler-web.ts: Web Crypto).
 */
import { ANSWER_HEADERS, bodyUnreadable, type ReceiverAnswer } from './answers';
import { readFetchBody } from './fetch-body';
import type { WebhookDeliveryContext, WebhookHandlerOptions } from './handler-options';
import { createReceiverCore, type Verifier } from './receiver-core';

/** What `onEvent` gets besides the event, on the Fetch handler: the raw body as a Uint8Array. */
export interface WebhookFetchEventContext extends WebhookDeliveryContext<Uint8Array> {}

/** The options of createWebhookReceiver, with the Fetch handler's context. */
export type WebhookFetchHandlerOptions = WebhookHandlerOptions<WebhookFetchEventContext>;

export type WebhookFetchHandler = (request: Request) => Promise<Response>;

/** @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createFetchHandler(options: WebhookFetchHandlerOptions, verify: Verifier): WebhookFetchHandler {
  const core = createReceiverCore<Uint8Array>('createWebhookFetchHandler', options, verify);
  return async (request) => {
    const decision = await core.decide({
      method: request.method,
      headers: request.headers,
      readBody: (maxBytes) => readFetchBody(request, maxBytes),
    });
    // Gone: the sender will not read an answer, but a Fetch handler must still return one.
    return toResponse(decision.kind === 'gone' ? bodyUnreadable() : decision.answer, request.method === 'HEAD');
  };
}

function toResponse(answer: ReceiverAnswer, head: boolean): Response {
  return new Response(head ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: { ...ANSWER_HEADERS, ...answer.headers },
  });
}
