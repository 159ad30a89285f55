/**
 * The delivery table (deliveries.ts) in Node: the node:http receiver over real HTTP, and the Fetch handler called
 * with Requests in the jest process, once as `pulumi-gotowebinar/receiving` exports it (Node's crypto) and once as
 * `pulumi-gotowebinar/receiving/web` does (Web Crypto). The same rows, the same answers, the same onEvent calls.
 */
import { createWebhookFetchHandler as createNodeFetchHandler, createWebhookReceiver } from '../../provider/receiving';
import { createWebhookFetchHandler as createWebFetchHandler } from '../../provider/receiving/web';
import {
  describeDeliveryTable,
  requestInit,
  tableAnswer,
  tableAnswerOf,
  type DeliveryPlace,
} from './deliveries';
import { recordingOnEvent, TABLE_OPTIONS, type RecordedCall } from './harness/table-harness';
import { listen, type Listening } from './listen';

let server: Listening | undefined;

describeDeliveryTable(
  'createWebhookReceiver on node:http',
  async () => {
    const calls: RecordedCall[] = [];
    server = await listen(createWebhookReceiver({ ...TABLE_OPTIONS, onEvent: recordingOnEvent(calls) }));
    const url = `${server.url}/goto/webhooks`;
    return {
      async send(request) {
        const response = await fetch(url, requestInit(request));
        return tableAnswer(response.status, response.headers.get('content-type'), response.headers.get('allow'), await response.text());
      },
      calls: async () => calls,
    };
  },
  async () => server?.stop(),
);

/** The Fetch handler called directly, as a framework calls a route handler. */
function inProcess(create: typeof createNodeFetchHandler): () => Promise<DeliveryPlace> {
  return async () => {
    const calls: RecordedCall[] = [];
    const handle = create({ ...TABLE_OPTIONS, onEvent: recordingOnEvent(calls) });
    return {
      send: async (request) =>
        tableAnswerOf(await handle(new Request('https://receiver.example/goto/webhooks', requestInit(request, { declareLength: true })))),
      calls: async () => calls,
    };
  };
}

describeDeliveryTable('createWebhookFetchHandler under Node (pulumi-gotowebinar/receiving: Node crypto)', inProcess(createNodeFetchHandler));
describeDeliveryTable('createWebhookFetchHandler under Node (pulumi-gotowebinar/receiving/web: Web Crypto)', inProcess(createWebFetchHandler));
