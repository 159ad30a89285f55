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

/** What frameworks add to a request (not in Node's types). */
type FrameworkRequest = IncomingMessage & { rawBody?: unknown; body?: unknown };

export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBodyOutcome> {
  const { rawBody, body } = req as FrameworkRequest;
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
        finish({ kind: 'too-large' });
        // Whatever still arrives is discarded (the stream keeps flowing with no listener); the answer closes the
        // connection, so a client cannot keep feeding it.
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
