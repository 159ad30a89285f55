/** Low-level request/response helpers shared by the API, OAuth and admin handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** GoTo rejects large bodies; the simulator caps every request body at 1 MiB (larger → 413). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this we stop draining a too-large body and drop the connection (protects the dev machine). */
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;

export type RawBody = { tooLarge: false; text: string } | { tooLarge: true };

/**
 * Reads the whole body. A body over the limit is drained (not buffered) so the client can finish sending and still
 * read our 413, instead of seeing a reset connection.
 */
export function readBody(req: IncomingMessage): Promise<RawBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let settled = false;
    const finish = (result: RawBody): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        finish({ tooLarge: true });
        return;
      }
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => finish(tooLarge ? { tooLarge: true } : { tooLarge: false, text: Buffer.concat(chunks).toString('utf8') }));
    // An aborted upload: nobody is listening for the answer, but the handler must still settle.
    req.on('error', () => finish({ tooLarge: false, text: '' }));
    req.on('close', () => finish(tooLarge ? { tooLarge: true } : { tooLarge: false, text: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** A handler's answer. `body` is JSON-encoded; `html` is sent as a page instead; neither for 202/204/302. */
export interface Reply {
  status: number;
  body?: unknown;
  /** A whole HTML document (the OAuth consent and error pages); wins over `body`. */
  html?: string;
  headers?: Record<string, string>;
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.html !== undefined) {
    payload = reply.html;
    headers['Content-Type'] = 'text/html; charset=utf-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else {
    headers['Content-Length'] = '0';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The error body shape of GoTo's REST API: {"int_err_code": "...", "msg": "..."}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg);
  }

  toReply(): Reply {
    return { status: this.status, body: { int_err_code: this.code, msg: this.message } };
  }
}

export const badRequest = (msg: string): ApiError => new ApiError(400, 'InvalidRequest', msg);
export const notFound = (msg: string): ApiError => new ApiError(404, 'NotFound', msg);
export const invalidToken = (): ApiError => new ApiError(403, 'InvalidToken', 'Invalid token passed');

/** Media type of a request without parameters, lower-cased ('' when absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** application/json and any +json type (e.g. application/merge-patch+json is not used by GoTo but is JSON). */
export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Query parameters as a plain object (last value wins), for the request log and handlers. */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = v;
  return out;
}
