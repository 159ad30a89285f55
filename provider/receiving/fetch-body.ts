/**
 * Reading a Fetch API `Request`'s raw body for verification, never holding more than the limit: a declared
 * Content-Length above it is refused before a byte is read, and a body without one (chunked) is read chunk by chunk
 * and its stream cancelled as soon as the limit is passed. Uses only the Fetch and Streams APIs.
 */
import { RAW_BODY_UNAVAILABLE_MESSAGES } from './answers';
import type { BodyRead } from './receiver-core';

export async function readFetchBody(request: Request, maxBytes: number): Promise<BodyRead<Uint8Array>> {
  if (request.bodyUsed) return { kind: 'consumed', message: RAW_BODY_UNAVAILABLE_MESSAGES.fetch };
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    cancel(request.body);
    return { kind: 'too-large' };
  }
  if (request.body === null) return { kind: 'body', bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    // The stream errored: the sender went away, or the runtime gave up on the request.
    return { kind: 'aborted' };
  }
  return { kind: 'body', bytes: concat(chunks, size) };
}

function cancel(body: ReadableStream<Uint8Array> | null): void {
  body?.cancel().catch(() => undefined);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
