/**
 * The request log behind `GET /_sim/requests`: what clients sent and what they got, for assertions in tests.
 * Credentials never enter it: Authorization headers are not recorded (only the userKey the token resolved to), and
 * OAuth fields that are secrets (client_secret, refresh_token, code, tokens, a personal access token's `pat`, the consent
 * form's nonce) are replaced by "[redacted]".
 */
import type { LoggedRequest } from './types';

/** Oldest entries are dropped past this, so a long-running CLI session does not grow without bound. */
const MAX_ENTRIES = 10_000;

const SECRET_FIELDS = new Set([
  'client_secret',
  'refresh_token',
  'code',
  'access_token',
  'token',
  'password',
  'assertion',
  'code_verifier',
  'pat',
  // The consent page's anti-forgery nonce: single use, but whoever reads it first could answer the page.
  'consent_nonce',
]);
export const REDACTED = '[redacted]';

/** Deeper structures are cut here, so a hostile body cannot blow the stack when it is copied or serialized. */
const MAX_DEPTH = 32;
export const TOO_DEEP = '[nested too deep to log]';

/** Replaces secret fields (at any depth) by "[redacted]" and cuts structures deeper than MAX_DEPTH. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty, not assignment: a "__proto__" key in a client's JSON must stay data, not become a prototype.
    Object.defineProperty(out, k, {
      value: SECRET_FIELDS.has(k.toLowerCase()) ? REDACTED : redact(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  add(entry: Omit<LoggedRequest, 'seq' | 'time'>): LoggedRequest {
    const full: LoggedRequest = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      ...entry,
      query: redact(entry.query) as Record<string, string>,
      ...(entry.body !== undefined ? { body: redact(entry.body) } : {}),
    };
    if (full.body === undefined) delete full.body;
    if (full.userKey === undefined) delete full.userKey;
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return full;
  }

  list(): LoggedRequest[] {
    return this.entries.map((e) => structuredClone(e));
  }

  clear(): void {
    this.entries = [];
  }
}
