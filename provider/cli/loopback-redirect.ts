/**
 * The redirect target of a native app's sign-in (RFC 8252 §7.3): an HTTP server on the loopback interface, at
 * `http://127.0.0.1:<port>/callback`, that takes the one answer the sign-in page sends the browser back with.
 *
 * - 127.0.0.1, not `localhost`: RFC 8252 §8.3 (a name may resolve elsewhere, or to ::1 where nothing listens), and
 *   the URI must be written exactly as it is registered on the OAuth client.
 * - One answer only: the first request to /callback is handed to the caller, who answers the browser with a page
 *   once it knows the outcome; later ones are told that this sign-in is over. Anything else gets 404.
 * - `close` ends every connection too (a browser keeps its own open), so the command exits at once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { landingPage, type LandingPage } from './login-page';

export const CALLBACK_PATH = '/callback';

export interface RedirectRequest {
  query: URLSearchParams;
  /** Answers the browser that made the request. */
  reply(page: LandingPage): void;
}

export class LoopbackRedirect {
  private waiting?: (request: RedirectRequest) => void;
  private taken = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
  }

  /** Listens on 127.0.0.1:`port` (0: a free port the system picks). */
  static async listen(port: number): Promise<LoopbackRedirect> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, port)));
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address(); // a string only for a pipe or socket file, null only before listening
    if (address === null || typeof address === 'string') throw new Error(`the login page is not listening on a TCP port: ${address}`);
    return new LoopbackRedirect(server, address.port);
  }

  get redirectUri(): string {
    return `http://127.0.0.1:${this.port}${CALLBACK_PATH}`;
  }

  /** The first request to /callback, or undefined when none came within `timeoutMs`. */
  next(timeoutMs: number): Promise<RedirectRequest | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiting = (request) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(request);
      };
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return send(res, 404, { ok: false, title: 'Not found', lines: ['This address only takes the answer of a GoTo sign-in.'] });
    }
    if (this.taken || !this.waiting) {
      return send(res, 409, {
        ok: false,
        title: 'This sign-in is over',
        lines: ['The command no longer waits for an answer here: look at the terminal it runs in.'],
      });
    }
    this.taken = true;
    let answered = false;
    this.waiting({
      query: url.searchParams,
      reply: (page) => {
        if (answered) return;
        answered = true;
        send(res, page.ok ? 200 : 400, page);
      },
    });
  }
}

function send(res: ServerResponse, status: number, page: LandingPage): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page is all there is: no keep-alive that would hold the command open.
    connection: 'close',
    'referrer-policy': 'no-referrer',
  });
  res.end(landingPage(page));
}

function listenError(err: NodeJS.ErrnoException, port: number): Error {
  if (err.code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} on 127.0.0.1 is in use, so the sign-in cannot come back to it: stop what listens there, or pass ` +
        'another --port (one whose http://127.0.0.1:<port>/callback is registered on the OAuth client).',
    );
  }
  if (err.code === 'EACCES') {
    return new Error(`Port ${port} on 127.0.0.1 needs privileges this user lacks: pass a --port above 1023.`);
  }
  return new Error(`Could not listen on 127.0.0.1:${port} for the sign-in's answer: ${err.code ?? ''} ${err.message}`.trim());
}
