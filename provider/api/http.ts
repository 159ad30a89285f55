/**
 * The one place that calls got. It returns the raw status, headers and text of any answer. A failure to get any
 * answer becomes a NetworkFailure holding only the error code and message: got's RequestError carries the request
 * options, headers included, and must not travel further.
 *
 * got is used as a plain request function on purpose (retry off, throwHttpErrors off, no hooks): retries, the
 * token renewal and error mapping are the transport's (transport.ts says why got's retry does not fit). What got
 * still earns here is one call for JSON, form and query encoding with a whole-request timeout, and failures with
 * stable Node error codes (ECONNREFUSED before the request left, ECONNRESET after it), which the rule "never repeat
 * a POST that may have been applied" reads; Node's fetch reports them all as `TypeError: fetch failed` with
 * undici's own codes in a cause chain. The price is got's ESM-only packaging: the Node floor (require(esm)) and
 * the Babel list in jest.config.js.
 */
import got from 'got';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  searchParams?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class NetworkFailure extends Error {
  override readonly name = 'NetworkFailure';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const USER_AGENT = 'pulumi-gotowebinar';

export async function send(req: HttpRequest): Promise<HttpAnswer> {
  try {
    const res = await got(req.url, {
      method: req.method,
      headers: { 'user-agent': USER_AGENT, accept: 'application/json', ...req.headers },
      searchParams: req.searchParams,
      json: req.json,
      form: req.form,
      timeout: { request: req.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
    });
    return { status: res.statusCode, headers: res.headers, text: res.body };
  } catch (err) {
    const e = isRecord(err) ? err : {};
    const code = typeof e.code === 'string' ? e.code : 'ERR_NETWORK';
    const message = typeof e.message === 'string' ? e.message : 'request failed';
    throw new NetworkFailure(code, message);
  }
}

/** Parse a JSON body; undefined for an empty one. Throws SyntaxError for text that is not JSON. */
export function parseJsonBody(text: string): unknown {
  return text.trim() === '' ? undefined : JSON.parse(text);
}

/** Whether `v` is an object whose properties may be read by name (arrays too: what `typeof v === 'object'` says). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A body parsed as JSON when it is an object; undefined when it is empty, not JSON, or JSON of another kind. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = parseJsonBody(text);
  } catch {
    return undefined;
  }
  return isRecord(body) ? body : undefined;
}

/** GoTo's error fields, from whichever error shape the body has. */
export function errorFields(text: string): { code?: string; msg?: string } {
  const b = parseJsonObject(text);
  if (b === undefined) return {};
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    code: str(b.int_err_code) ?? str(b.errorCode) ?? str(b.error),
    msg: str(b.msg) ?? str(b.description) ?? str(b.error_description) ?? str(b.message),
  };
}
