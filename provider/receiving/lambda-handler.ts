/**
 * The receiver for AWS Lambda behind a Function URL or an API Gateway HTTP API (payload format 2.0), and an API
 * Gateway REST API (payload format 1.0): `export const handler = createWebhookLambdaHandler(options)`. It answers
 * exactly what the node:http receiver answers (the core decides: receiver-core.ts).
 *
 * Lambda hands over the whole body at once, as text, or as base64 when `isBase64Encoded` (a Function URL does so
 * for any content type it does not take for text): it is decoded to the exact bytes that were signed. Payload 2.0
 * joins a header sent several times with commas, 1.0 keeps the lines apart in `multiValueHeaders`; the verifier's
 * one rule for repeats reads both (headers.ts).
 */
import { ANSWER_HEADERS, bodyUnreadable, type ReceiverAnswer } from './answers';
import { createReceiverCore } from './receiver-core';
import type { WebhookReceiverOptions } from './receiver';
import { verifyWebhookSignature } from './verify';

/**
 * The fields of a Lambda proxy event the receiver reads: those of payload 2.0 (`requestContext.http.method`) and of
 * payload 1.0 (`httpMethod`, `multiValueHeaders`). `APIGatewayProxyEventV2` and `APIGatewayProxyEvent` of
 * `@types/aws-lambda` are assignable to it.
 */
export interface WebhookLambdaEvent {
  requestContext?: { http?: { method?: string }; httpMethod?: string };
  httpMethod?: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** The result Lambda turns into the HTTP answer (assignable to `APIGatewayProxyStructuredResultV2` and `APIGatewayProxyResult`). */
export interface WebhookLambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export type WebhookLambdaHandler = (event: WebhookLambdaEvent) => Promise<WebhookLambdaResult>;

/** Creates a Lambda handler. @throws TypeError/RangeError on unusable options, so mistakes show at start-up */
export function createWebhookLambdaHandler(options: WebhookReceiverOptions): WebhookLambdaHandler {
  const core = createReceiverCore<Buffer>('createWebhookLambdaHandler', options, verifyWebhookSignature);
  return async (event) => {
    const method = event?.requestContext?.http?.method ?? event?.httpMethod ?? event?.requestContext?.httpMethod;
    const decision = await core.decide({
      method,
      headers: event?.multiValueHeaders ?? event?.headers ?? {},
      readBody: async (maxBytes) => {
        const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
        return bytes.length > maxBytes ? { kind: 'too-large' } : { kind: 'body', bytes };
      },
    });
    // Lambda reads the whole body before the handler runs, so `gone` cannot happen here; mapped as the Fetch handler does.
    return toResult(decision.kind === 'gone' ? bodyUnreadable() : decision.answer, method === 'HEAD');
  };
}

function toResult(answer: ReceiverAnswer, head: boolean): WebhookLambdaResult {
  return {
    statusCode: answer.status,
    headers: { ...ANSWER_HEADERS, ...answer.headers },
    body: head ? '' : JSON.stringify(answer.body),
    isBase64Encoded: false,
  };
}
