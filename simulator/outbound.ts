/**
 * The simulator's own outgoing HTTP: the GET that validates a callbackUrl and the POST of an event delivery. Built on
 * node:http/https (not fetch) so the exact body bytes are under our control and no keep-alive socket outlives a test.
 */
import http from 'node:http';
import https from 'node:https';

export interface OutboundResult {
  status?: number;
  error?: string;
}

export function outboundRequest(
  url: URL,
  options: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; timeoutMs: number },
): Promise<OutboundResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'User-Agent': 'gotowebinar-simulator', ...(options.headers ?? {}) };
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    let req: http.ClientRequest;
    try {
      req = transport.request(url, { method: options.method, headers, agent: false, timeout: options.timeoutMs });
    } catch (err) {
      finish({ error: (err as Error).message });
      return;
    }
    req.on('response', (res) => {
      // The answer's body is irrelevant (GoTo only looks at the status); drain it so the socket closes.
      res.resume();
      res.on('end', () => finish({ status: res.statusCode }));
      res.on('error', () => finish({ status: res.statusCode }));
    });
    req.on('timeout', () => {
      finish({ error: `timed out after ${options.timeoutMs} ms` });
      req.destroy();
    });
    req.on('error', (err) => finish({ error: err.message || String(err) }));
    req.end(options.body);
  });
}
