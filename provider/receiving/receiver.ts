/**
 * The receiver for node:http and Express/Connect: `http.createServer(receiver)` or `app.post('/goto', receiver)`.
 * It always answers, so it never calls `next`. What it answers is decided by the core (receiver-core.ts); this file
 * reads the body from Node's request (or from what a framework kept of it: raw-body.ts) and writes the answer, and
 * makes sure a sender still writing an oversize body gets to read its 413.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANSWER_HEADERS, RAW_BODY_UNAVAILABLE_MESSAGES, type ReceiverAnswer } from './answers';
import type { WebhookDeliveryContext, WebhookHandlerOptions } from './handler-options';
import { discardBody, readRawBody, type DiscardLimits } from './raw-body';
import { createReceiverCore, type BodyRead, type Decision } from './receiver-core';
import { verifyWebhookSignature } from './verify';

export { DEFAULT_MAX_BODY_BYTES, type WebhookReceiverErrorInfo } from './handler-options';

/** What `onEvent` gets besides the event, on Node's receivers (createWebhookReceiver, createWebhookLambdaHandler). */
export interface WebhookEventContext extends WebhookDeliveryContext<Buffer> {}

export type WebhookReceiverOptions = WebhookHandlerOptions<WebhookEventContext>;

/** A Node request handler; Express/Connect pass a third `next` argument, which is not needed. */
export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Creates the handler. @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookRequestHandler {
  const core = createReceiverCore<Buffer>('createWebhookReceiver', options, verifyWebhookSignature);
  return (req, res) => {
    const delivery = {
      method: req.method,
      // headersDistinct keeps a header sent on several lines apart (req.headers joins them), so verifying's one rule
      // for repeats (headers.ts) sees the lines as sent; req.headers is for hand-made requests that lack it.
      headers: req.headersDistinct ?? req.headers,
      readBody: (maxBytes: number) => readBody(req, maxBytes),
    };
    core
      .decide(delivery)
      .then((decision) => respond(req, res, decision))
      .catch((error: unknown) => core.report(error, { stage: 'internal' }));
  };
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead<Buffer>> {
  const read = await readRawBody(req, maxBytes);
  return read.kind === 'consumed' ? { kind: 'consumed', message: RAW_BODY_UNAVAILABLE_MESSAGES.node } : read;
}

async function respond(req: IncomingMessage, res: ServerResponse, decision: Decision): Promise<void> {
  if (decision.kind === 'gone') return void res.destroy();
  const { answer } = decision;
  if (answer.bodyLeftUnread) return refuseUnread(req, res, answer);
  if (writeAnswer(res, answer)) res.end();
}

/**
 * How much of an oversize body is read and thrown away so that its sender gets the 413 (see refuseUnread):
 * - bytes: discarding costs bandwidth, not memory, so even a body 64 times the 1 MiB default is read to its end;
 * - time: a sender still writing after 10 s is too slow or never stops (Node's requestTimeout would allow 300 s).
 */
const DISCARD_LIMITS: DiscardLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * Answers (413) in a way the sender gets to read. Closing the connection while the body is still arriving resets it,
 * and a sender that writes its whole body before reading (as many clients do) then sees EPIPE or ECONNRESET, not the
 * answer. So the answer is written whole at once (a sender reading while it writes has it), the rest of the body is
 * read and discarded within DISCARD_LIMITS, and only then is the response ended, which closes the connection. A
 * body still arriving past those limits is cut off, and its sender may see a reset.
 */
async function refuseUnread(req: IncomingMessage, res: ServerResponse, answer: ReceiverAnswer): Promise<void> {
  if (!writeAnswer(res, answer, { connection: 'close' })) return;
  await discardBody(req, DISCARD_LIMITS);
  res.end();
}

/**
 * Writes the whole answer without ending the response: its Content-Length already tells the client it is complete.
 * False when an answer was already given (or the connection is gone).
 */
function writeAnswer(res: ServerResponse, answer: ReceiverAnswer, extraHeaders: Record<string, string> = {}): boolean {
  if (res.headersSent || res.writableEnded || res.destroyed) return false;
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...ANSWER_HEADERS,
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
    ...extraHeaders,
  });
  res.write(text); // HEAD: Node's http leaves the body out by itself
  return true;
}
