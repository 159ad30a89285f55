import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A known-answer vector computed with openssl by test/fixtures/receiving/make-vectors.sh, not by the code under test. */
export interface SignatureVector {
  name: string;
  secret: string;
  timestamp: string;
  /** The body as UTF-8 text… */
  body: string;
  /** …and as the exact bytes that were signed. */
  bodyBase64: string;
  signature: string;
}

export const vectors: SignatureVector[] = (
  JSON.parse(readFileSync(join(__dirname, '../fixtures/receiving/vectors.json'), 'utf8')) as { vectors: SignatureVector[] }
).vectors;
