import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the callback server received, with the raw body bytes as text. */
export interface ReceivedCallback {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CallbackServer {
  /** Origin, e.g. http://127.0.0.1:40000 ; any path under it answers. */
  url: string;
  received: ReceivedCallback[];
  /** Status answered to GET validation requests (default 200). */
  setValidationStatus(status: number): void;
  stop(): Promise<void>;
}

/**
 * A real loopback HTTP server standing in for a user's receiving application: it answers GoTo's GET validation and
 * records POSTed deliveries. Tests point webhooks at it (the simulator is started with allowLoopbackHttp).
 */
export async function startCallbackServer(): Promise<CallbackServer> {
  const received: ReceivedCallback[] = [];
  let validationStatus = 200;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = req.method === 'GET' ? validationStatus : 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setValidationStatus: (status) => {
      validationStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
