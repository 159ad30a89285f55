/**
 * A receiving application on loopback, as the root stack expects one: callback URLs are
 * `<base>/<path token>/<webhook path>`.
 *
 * - GET/HEAD on any path answers 200: GoTo validates a callback URL with a GET when a webhook is created or changed,
 *   which happens before the application can know the stack's token (it is a stack output), and reveals nothing.
 * - POST outside `<base path>/<token>/` answers 404 without reading the body; inside, `createWebhookReceiver`
 *   verifies the signature with the stack's secret(s) (401 when it does not match) and hands over the event.
 *
 * The token and secrets are given once the stack is up (`configure`); until then POSTs answer 503.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookReceiver, type WebhookEvent, type WebhookRequestHandler } from 'pulumi-gotowebinar/receiving';

export interface ReceivedEvent {
  event: WebhookEvent;
  /** Which secret verified it (0 = the first given). */
  secretIndex: number;
}

export interface RefusedDelivery {
  path: string;
  status: number;
  error?: string;
}

export interface LocalReceiver {
  /** `http://127.0.0.1:<port><basePath>`: the stack's callbackBaseUrl. */
  baseUrl: string;
  port: number;
  /** Events verified and handed over. */
  received: ReceivedEvent[];
  /** Paths of the POSTs answered 200. */
  accepted: string[];
  refused: RefusedDelivery[];
  /** Validation GETs seen (GoTo checks each new or changed callback URL). */
  validations: number;
  configure(options: { token: string; secrets: string[] }): void;
  stop(): Promise<void>;
}

export async function startLocalReceiver(options: { port?: number; basePath?: string } = {}): Promise<LocalReceiver> {
  const basePath = (options.basePath ?? '/goto').replace(/\/+$/, '');
  const received: ReceivedEvent[] = [];
  const accepted: string[] = [];
  const refused: RefusedDelivery[] = [];
  let prefix: string | undefined;
  let handler: WebhookRequestHandler | undefined;
  let validations = 0;

  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, error: string) => {
    refused.push({ path: req.url ?? '', status, error });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error }));
    req.resume();
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' || req.method === 'HEAD') {
      validations++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'GET' ? '{"ok":true}' : undefined);
      return;
    }
    if (!handler || !prefix) return refuse(req, res, 503, 'NOT_CONFIGURED');
    if (!url.startsWith(prefix)) return refuse(req, res, 404, 'UNKNOWN_PATH');
    // Record what the receiver refuses (401 on a bad signature) as well as what it accepts.
    res.on('finish', () => {
      if (res.statusCode === 200) accepted.push(url);
      else refused.push({ path: url, status: res.statusCode });
    });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}${basePath}`,
    port,
    received,
    accepted,
    refused,
    get validations() {
      return validations;
    },
    configure({ token, secrets }) {
      prefix = `${basePath}/${token}/`;
      handler = createWebhookReceiver({
        secrets,
        onEvent: (event, { secretIndex }) => {
          received.push({ event, secretIndex });
        },
        onError: () => undefined,
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
