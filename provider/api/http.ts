/**
 * The one place that calls got. It returns the raw status, headers and text of any answer (got's own retry and
 * status errors are off: retries, auth refresh and error mapping are the transport's job, where they can see the
 * operation and the rate limiter). A failure to get any answer becomes a NetworkFailure holding only the error code
 * and message: got's RequestError carries the request options, headers included, and must not travel further.
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
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'ERR_NETWORK';
    const message = typeof e.message === 'string' ? e.message : 'request failed';
    throw new NetworkFailure(code, message);
  }
}

/** Parse a JSON body; undefined for an empty one. Throws SyntaxError for text that is not JSON. */
export function parseJsonBody(text: string): unknown {
  return text.trim() === '' ? undefined : JSON.parse(text);
}

/** GoTo's error fields, from whichever error shape the body has. */
export function errorFields(text: string): { code?: string; msg?: string } {
  let body: unknown;
  try {
    body = parseJsonBody(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    code: str(b.int_err_code) ?? str(b.errorCode) ?? str(b.error),
    msg: str(b.msg) ?? str(b.description) ?? str(b.error_description) ?? str(b.message),
  };
}
