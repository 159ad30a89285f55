/**
 * createWebhookLambdaHandler with Lambda's real event shapes (lambda-events.ts): the delivery table through a
 * Function URL (payload 2.0, text bodies), an API Gateway HTTP API (payload 2.0, base64 bodies) and a REST API
 * (payload 1.0, header lines kept apart), each answering as the node:http receiver does, in the result shape Lambda
 * expects. The handler's type is checked against @types/aws-lambda's handler types. And the docs' Lambda snippet
 * (snippets/lambda.ts, quoted in docs/receiving.md) handles a signed delivery.
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Handler,
} from 'aws-lambda';
import {
  createWebhookLambdaHandler,
  generateTestHeaders,
  type WebhookLambdaHandler,
  type WebhookLambdaResult,
} from '../../provider/receiving';
import { describeDeliveryTable, tableAnswer, type DeliveryPlace, type TableRequest } from './deliveries';
import { recordingOnEvent, TABLE_OPTIONS, type RecordedCall } from './harness/table-harness';
import { functionUrlEvent, httpApiEvent, restApiEvent } from './lambda-events';

function lambdaPlace(toEvent: (request: TableRequest) => APIGatewayProxyEventV2 | APIGatewayProxyEvent): () => Promise<DeliveryPlace> {
  return async () => {
    const calls: RecordedCall[] = [];
    const handler = createWebhookLambdaHandler({ ...TABLE_OPTIONS, onEvent: recordingOnEvent(calls) });
    return {
      async send(request) {
        const result: WebhookLambdaResult = await handler(toEvent(request));
        expect(result.isBase64Encoded).toBe(false);
        expect(typeof result.body).toBe('string');
        return tableAnswer(result.statusCode, result.headers['content-type'], result.headers['allow'], result.body);
      },
      calls: async () => calls,
    };
  };
}

describeDeliveryTable('createWebhookLambdaHandler, Function URL events (payload 2.0)', lambdaPlace(functionUrlEvent));
describeDeliveryTable('createWebhookLambdaHandler, HTTP API events with base64 bodies (payload 2.0)', lambdaPlace(httpApiEvent));
describeDeliveryTable('createWebhookLambdaHandler, REST API events (payload 1.0)', lambdaPlace(restApiEvent));

test("the handler's type fits Lambda's handler types for payloads 2.0 and 1.0 (checked by the compiler)", () => {
  const handler = createWebhookLambdaHandler({ secrets: 'x', onEvent: () => undefined });
  const v2: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> = handler;
  const v1: Handler<APIGatewayProxyEvent, APIGatewayProxyResult> = handler;
  expect([typeof v2, typeof v1]).toEqual(['function', 'function']);
});

test('options are checked at start-up, naming createWebhookLambdaHandler', () => {
  expect(() => createWebhookLambdaHandler({ secrets: '', onEvent: () => undefined })).toThrow(/^createWebhookLambdaHandler: /);
});

describe("the docs' Lambda snippet (snippets/lambda.ts)", () => {
  const SECRET = 'lambda-snippet-secret-7Hq';
  const body = '{"eventName":"webinar.created","eventKey":"lambda-snippet","webinarKey":8250000000000000456}';

  test('answers a signed delivery 200 and logs the event, refuses a forged one', async () => {
    process.env.GOTO_WEBHOOK_SECRET = SECRET;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // Required here, not imported: the snippet reads its secret from the environment when it loads.
      const { handler } = require('./snippets/lambda') as { handler: WebhookLambdaHandler };
      const headers = Object.entries(generateTestHeaders({ secret: SECRET, body })) as TableRequest['headers'];
      const delivery: TableRequest = { method: 'POST', headers, body };
      expect(await handler(functionUrlEvent(delivery))).toMatchObject({ statusCode: 200, body: '{"ok":true}' });
      expect(log.mock.calls).toEqual([['webinar.created lambda-snippet']]);
      const forged = await handler(httpApiEvent({ ...delivery, body: body.replace('456', '457') }));
      expect(forged).toMatchObject({ statusCode: 401 });
      expect(JSON.parse(forged.body)).toMatchObject({ error: 'SIGNATURE_MISMATCH' });
      expect((await handler(functionUrlEvent({ method: 'GET', headers: [] }))).statusCode).toBe(200);
    } finally {
      log.mockRestore();
      delete process.env.GOTO_WEBHOOK_SECRET;
    }
  });
});
