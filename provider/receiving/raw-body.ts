/**
 * Getting the raw body of a request, which signature verification needs byte for byte, in the three situations a
 * handler meets:
 *
 * 1. plain `node:http` (or a framework that left the body alone): read the stream, never more than `maxBytes`;
 * 2. a framework kept the raw body: `req.rawBody` (Buffer or string, a common convention, e.g. express.json's
 *    `verify` hook storing it), or `req.body` as a Buffer/string (express.raw(), express.text());
 * 3. a framework read the stream and kept no bytes (typically `req.body` is a parsed object): the signature cannot
 *    be checked any more, which the caller answers with an explanation.
 */
import type { IncomingMessage } from 'node:http';
import { isRawBody } from './signature';

export type RawBodyOutcome =
  | { kind: 'body'; bytes: Buffer }
  | { kind: 'too-large' }
  | { kind: 'consumed' }
  | { kind: 'aborted' };

/** A request, with what frameworks add to one (not in Node's types). */
type FrameworkRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

export function readRawBody(req: FrameworkRequest, maxBytes: number): Promise<RawBodyOutcome> {
  const { rawBody, body } = req;
  const kept = isRawBody(rawBody) ? rawBody : isRawBody(body) ? body : undefined;
  if (kept !== undefined) {
    const bytes = typeof kept === 'string' ? Buffer.from(kept, 'utf8') : Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength);
    return Promise.resolve(bytes.length > maxBytes ? { kind: 'too-large' } : { kind: 'body', bytes });
  }
  // Someone else read (or is reading) the stream: the bytes are gone. An untouched stream is read even when
  // req.body is set: Express 4's body parsers set req.body = {} and skip requests of another content type.
  if (req.readableEnded || req.readableFlowing !== null) return Promise.resolve({ kind: 'consumed' });

  // Refuse a declared oversize body before reading any of it.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ kind: 'too-large' });
  return readStream(req, maxBytes);
}

/** Reads the stream, and stops buffering as soon as more than `maxBytes` arrived (chunked bodies declare no size). */
function readStream(req: IncomingMessage, maxBytes: number): Promise<RawBodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (outcome: RawBodyOutcome): void => {
      if (done) return;
      done = true;
      // The 'error' listener stays: an 'error' without any listener would crash the process.
      req.off('data', onData).off('end', onEnd).off('close', onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // The rest is left unread: the caller decides how much of it to discard (discardBody).
        req.pause();
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish({ kind: 'body', bytes: Buffer.concat(chunks, size) });
    // 'close' before 'end' means the client went away; 'error' is a broken connection. Either way, no body.
    const onAbort = (): void => finish({ kind: 'aborted' });
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

/** How much of a refused body discardBody reads before giving up. */
export interface DiscardLimits {
  maxBytes: number;
  maxMs: number;
}

/**
 * Reads and throws away the rest of a request body, so that a sender writing its whole body before reading the
 * answer gets to the answer. 'ended' when the body ended (or the sender went away), 'cut' when more than
 * `maxBytes` arrived or it took longer than `maxMs`. Nothing is kept, whatever the size.
 */
export function discardBody(req: IncomingMessage, { maxBytes, maxMs }: DiscardLimits): Promise<'ended' | 'cut'> {
  if (req.readableEnded || req.destroyed) return Promise.resolve('ended');
  return new Promise((resolve) => {
    let size = 0;
    const finish = (outcome: 'ended' | 'cut'): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onEnd);
      resolve(outcome);
    };
    const onData = (chunk: Buffer | string): void => {
      size += Buffer.byteLength(chunk);
      if (size > maxBytes) finish('cut');
    };
    const onEnd = (): void => finish('ended');
    const timer = setTimeout(() => finish('cut'), maxMs);
    // The 'error' listener stays, as in readStream: an 'error' without any listener would crash the process.
    req.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onEnd);
    req.resume();
  });
}
