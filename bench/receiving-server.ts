/**
 * A receiving process for `npm run bench:receiving` (started pinned to one core): one receiver on node:http, and
 * `GET /__cpu`, which answers the process's CPU time so far (every thread's) and how many events it handled.
 *
 *   node-receiver   createWebhookReceiver, as `http.createServer(receiver)`
 *   fetch-node      createWebhookFetchHandler of pulumi-gotowebinar/receiving (Node crypto), behind a Fetch bridge
 *   fetch-web       createWebhookFetchHandler of pulumi-gotowebinar/receiving/web (Web Crypto), behind the bridge
 *
 * Node has no Fetch API server: the bridge (IncomingMessage -> Request, Response -> ServerResponse) is what Next.js
 * and @hono/node-server do on Node, so its cost is part of running a Fetch handler there.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createWebhookFetchHandler as createNodeFetchHandler, createWebhookReceiver } from 'pulumi-gotowebinar/receiving';
import { createWebhookFetchHandler as createWebFetchHandler } from 'pulumi-gotowebinar/receiving/web';
import { BENCH_SECRET } from './receiving-deliveries';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let handled = 0;
const options = { secrets: BENCH_SECRET, onEvent: async () => void handled++ };

function fetchBridge(handle: (request: Request) => Promise<Response>): Handler {
  return (req, res) => {
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(name, value);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: 'half',
    } as RequestInit);
    handle(request)
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': String(body.length) });
        res.end(body);
      })
      .catch(() => res.destroy());
  };
}

const receivers: Record<string, () => Handler> = {
  'node-receiver': () => createWebhookReceiver(options),
  'fetch-node': () => fetchBridge(createNodeFetchHandler(options)),
  'fetch-web': () => fetchBridge(createWebFetchHandler(options)),
};

const mode = process.argv[2] ?? '';
const make = receivers[mode];
if (!make) throw new Error(`receiving-server: mode must be one of ${Object.keys(receivers).join(', ')}`);
const receiver = make();

const server = createServer((req, res) => {
  if (req.url === '/__cpu') {
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ cpuMicros: user + system, handled }));
    return;
  }
  receiver(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
