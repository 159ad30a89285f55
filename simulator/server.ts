/**
 * The HTTP front door: splits requests between the API (/G2W/rest/v2), OAuth (/oauth/…) and admin (/_sim/…), and
 * runs the API pipeline in the order a client would meet the real service's layers:
 *
 *   body size (413) → route (404/405) → latency → dropped connection → 503 → 429 burst → token (403)
 *   → per-token rate limit (429) → content type (415) / JSON (400) → handler (400/404/2xx)
 *
 * Every failure is a JSON answer; nothing a client sends can crash the process.
 */
import * as http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRequest, Caller, SimContext } from './context';
import type { Reply } from './http-io';
import type { LoggedRequest } from './types';
import { ApiError, MAX_BODY_BYTES, invalidToken, isJsonMediaType, mediaType, queryObject, readBody, sendReply } from './http-io';
import type { AdminControl } from './admin';
import { handleAdmin } from './admin';
import { token } from './oauth';
import { authorize, decide } from './authorize';
import { REDACTED } from './request-log';
import * as webhooks from './routes/webhooks';
import * as subscriptions from './routes/user-subscriptions';
import { createSecretKey } from './routes/secret-keys';

export const API_BASE = '/G2W/rest/v2';

type Handler = (ctx: SimContext, req: ApiRequest) => Reply | Promise<Reply>;

interface Route {
  pattern: RegExp;
  params: string[];
  methods: Record<string, Handler>;
  /** Methods that exist only in sketch-compatible mode (the founding sketch's per-key operations). */
  sketchMethods?: Record<string, Handler>;
}

// Order matters: /webhooks/secretkey must win over /webhooks/{webhookKey}.
const ROUTES: Route[] = [
  {
    pattern: /^\/webhooks$/,
    params: [],
    methods: {
      POST: webhooks.createWebhooks,
      PUT: webhooks.updateWebhooks,
      GET: webhooks.listWebhooks,
      DELETE: webhooks.deleteWebhooks,
    },
  },
  { pattern: /^\/webhooks\/secretkey$/, params: [], methods: { POST: createSecretKey } },
  { pattern: /^\/webhooks\/([^/]+)$/, params: ['webhookKey'], methods: { GET: webhooks.getWebhook } },
  {
    pattern: /^\/userSubscriptions$/,
    params: [],
    methods: {
      POST: subscriptions.createSubscriptions,
      PUT: subscriptions.updateSubscriptions,
      GET: subscriptions.listSubscriptions,
      DELETE: subscriptions.deleteSubscriptions,
    },
  },
  {
    pattern: /^\/userSubscriptions\/([^/]+)$/,
    params: ['key'],
    methods: { GET: subscriptions.getSubscription },
    sketchMethods: { PUT: subscriptions.updateSubscriptionByKey, DELETE: subscriptions.deleteSubscriptionByKey },
  },
];

type RouteMatch = { handler: Handler; params: Record<string, string> } | { error: ApiError; allow?: string };

function matchRoute(ctx: SimContext, method: string, apiPath: string): RouteMatch {
  for (const route of ROUTES) {
    const m = route.pattern.exec(apiPath);
    if (!m) continue;
    const methods = { ...route.methods, ...(ctx.mode === 'sketch-compatible' ? (route.sketchMethods ?? {}) : {}) };
    const handler = methods[method];
    if (!handler) {
      const allow = Object.keys(methods).join(', ');
      return { error: new ApiError(405, 'MethodNotAllowed', `${method} is not supported on ${API_BASE}${apiPath}; allowed: ${allow}`), allow };
    }
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      const raw = m[i + 1]!;
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { handler, params };
  }
  return { error: new ApiError(404, 'NotFound', `No such resource: ${method} ${API_BASE}${apiPath}`) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const payloadTooLarge = (): Reply =>
  new ApiError(413, 'PayloadTooLarge', `Request body exceeds ${MAX_BODY_BYTES} bytes (1 MiB)`).toReply();

/** Logged form of a body: parsed JSON, else the raw text, else undefined. */
function bodyForLog(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function resolveCaller(ctx: SimContext, req: IncomingMessage): { caller: Caller; token: string } | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const user = ctx.tokens.resolveAccessToken(m[1]!);
  return user ? { caller: { user, userKey: user.userKey, clientId: user.clientId }, token: m[1]! } : undefined;
}

interface Finished {
  reply?: Reply;
  dropped?: boolean;
  userKey?: string;
  logBody?: unknown;
}

async function handleApi(ctx: SimContext, req: IncomingMessage, res: ServerResponse, apiPath: string, query: URLSearchParams): Promise<Finished> {
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  if (raw.tooLarge) return { reply: payloadTooLarge() };
  const logBody = bodyForLog(raw.text);

  const match = matchRoute(ctx, method, apiPath);
  if ('error' in match) {
    const reply = match.error.toReply();
    if (match.allow) reply.headers = { Allow: match.allow };
    return { reply, logBody };
  }

  if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
  const fault = ctx.faults.decide();
  if (fault === 'drop') {
    res.socket?.destroy();
    return { dropped: true, logBody };
  }
  if (fault === 'serverError') {
    return { reply: new ApiError(503, 'ServiceUnavailable', 'Service temporarily unavailable').toReply(), logBody };
  }
  if (fault === 'tooManyRequests') return { reply: tooManyRequests(), logBody };

  const auth = resolveCaller(ctx, req);
  if (!auth) return { reply: invalidToken().toReply(), logBody };
  const userKey = auth.caller.userKey;
  if (!ctx.rateLimiter.allow(auth.token)) return { reply: tooManyRequests(), logBody, userKey };

  let body: unknown;
  if (raw.text !== '' && method !== 'GET') {
    const type = mediaType(req);
    if (!isJsonMediaType(type)) {
      const reply = new ApiError(415, 'UnsupportedMediaType', `Content-Type must be application/json, got ${type || 'none'}`).toReply();
      return { reply, logBody, userKey };
    }
    try {
      body = JSON.parse(raw.text) as unknown;
    } catch (err) {
      return { reply: new ApiError(400, 'InvalidRequest', `Malformed JSON body: ${(err as Error).message}`).toReply(), logBody, userKey };
    }
  }

  try {
    const reply = await match.handler(ctx, { method, path: apiPath, params: match.params, query, body, caller: auth.caller });
    if (method !== 'GET' && ctx.faults.loseAnswer()) {
      res.socket?.destroy();
      return { dropped: true, logBody, userKey };
    }
    return { reply, logBody, userKey };
  } catch (err) {
    if (err instanceof ApiError) return { reply: err.toReply(), logBody, userKey };
    throw err;
  }
}

/** GoTo's 429: no Retry-After header, on purpose (clients must back off on their own). */
function tooManyRequests(): Reply {
  return new ApiError(429, 'TooManyRequests', 'Rate limit exceeded').toReply();
}

async function handleOAuth(ctx: SimContext, req: IncomingMessage, path: string, query: URLSearchParams): Promise<Finished> {
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  if (raw.tooLarge) return { reply: payloadTooLarge() };
  if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
  // The authorization endpoint shows its consent page on GET and takes the page's form on POST.
  const allowed = path === '/oauth/authorize' ? ['GET', 'POST'] : ['POST'];
  if (!allowed.includes(method)) {
    const use = allowed.map((m) => `${m} ${path}`).join(' or ');
    return {
      reply: { status: 405, headers: { Allow: allowed.join(', ') }, body: { error: 'invalid_request', error_description: `use ${use}` } },
      logBody: raw.text === '' ? undefined : REDACTED,
    };
  }
  const outcome =
    path === '/oauth/token' ? token(ctx, req, raw.text) : method === 'GET' ? authorize(ctx, req, query) : decide(ctx, req, raw.text);
  return { reply: outcome.reply, logBody: outcome.logBody, userKey: outcome.userKey };
}

async function handleAdminRequest(control: AdminControl, req: IncomingMessage, path: string): Promise<Reply> {
  const raw = await readBody(req);
  if (raw.tooLarge) return payloadTooLarge();
  let body: unknown;
  if (raw.text.trim() !== '') {
    try {
      body = JSON.parse(raw.text) as unknown;
    } catch (err) {
      return new ApiError(400, 'InvalidRequest', `Malformed JSON body: ${(err as Error).message}`).toReply();
    }
  }
  try {
    return await handleAdmin(control, req.method ?? 'GET', path, body);
  } catch (err) {
    if (err instanceof ApiError) return err.toReply();
    throw err;
  }
}

export function createSimServer(ctx: SimContext, control: AdminControl): http.Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    // Split by hand: new URL('//host/x', base) would read "host" as an authority.
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

    if (path === '/_sim' || path.startsWith('/_sim/')) {
      sendReply(res, await handleAdminRequest(control, req, path));
      return;
    }

    let kind: LoggedRequest['kind'];
    let finished: Finished;
    if (path === '/oauth/token' || path === '/oauth/authorize') {
      kind = 'oauth';
      finished = await handleOAuth(ctx, req, path, query);
    } else if (path.startsWith(`${API_BASE}/`)) {
      kind = 'api';
      finished = await handleApi(ctx, req, res, path.slice(API_BASE.length), query);
    } else {
      req.resume();
      sendReply(res, new ApiError(404, 'NotFound', `No such resource: ${method} ${path}`).toReply());
      return;
    }

    if (finished.reply) sendReply(res, finished.reply);
    const status = finished.dropped ? 0 : (finished.reply?.status ?? 0);
    ctx.requestLog.add({
      method,
      path,
      query: queryObject(query),
      ...(finished.logBody !== undefined ? { body: finished.logBody } : {}),
      status,
      ...(finished.userKey !== undefined ? { userKey: finished.userKey } : {}),
      kind,
    });
    ctx.log(
      `${kind} ${method} ${path} -> ${finished.dropped ? 'connection dropped' : status} (${Date.now() - started} ms)` +
        (finished.userKey ? ` user ${finished.userKey}` : ''),
    );
  };

  return http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the simulator, not the client's fault: answer 500 and keep serving.
      ctx.log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      sendReply(res, new ApiError(500, 'InternalError', `Simulator internal error: ${(err as Error)?.message ?? String(err)}`).toReply());
    });
  });
}
