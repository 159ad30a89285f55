/**
 * Shared test setup: a started simulator (real loopback HTTP) plus the callback server from test/support, and a
 * small fetch wrapper. No mocks anywhere.
 */
import { startSimulator } from '../../simulator';
import type { RunningSimulator, SimUser, SimulatorOptions } from '../../simulator';
import { startCallbackServer } from '../support/callback-server';
import type { CallbackServer } from '../support/callback-server';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: any;
}

export interface CallOptions {
  /** Bearer token; default alice's static dev token. null: no Authorization header. */
  token?: string | null;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Env {
  sim: RunningSimulator;
  cb: CallbackServer;
  alice: SimUser;
  bob: SimUser;
  /** Call the API: path relative to apiUrl, e.g. '/webhooks?product=g2w'. */
  api(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  /** Call any path of the simulator's origin, e.g. '/_sim/state'. */
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>;
  /** A callback URL on the callback server (allowLoopbackHttp is on by default in tests). */
  hook(name?: string): string;
  createWebhook(fields?: Partial<{ callbackUrl: string; eventName: string }>, token?: string): Promise<any>;
  activate(webhookKey: string, token?: string): Promise<void>;
  subscribe(webhookKey: string, token?: string, extra?: Record<string, unknown>): Promise<any>;
  stop(): Promise<void>;
}

export async function request(url: string, method: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Tests default to no rate limit (they make many quick calls) and loopback http callbacks. */
export async function startEnv(options: SimulatorOptions = {}): Promise<Env> {
  const sim = await startSimulator({ allowLoopbackHttp: true, rateLimitPerSecond: 0, ...options });
  const cb = await startCallbackServer();
  const [alice, bob] = sim.users as [SimUser, SimUser];
  const env: Env = {
    sim,
    cb,
    alice,
    bob,
    api: (method, path, o = {}) => request(`${sim.apiUrl}${path}`, method, { ...o, token: o.token === undefined ? alice.accessToken : o.token }),
    call: (method, path, o = {}) => request(`${sim.url}${path}`, method, o),
    hook: (name = 'hook') => `${cb.url}/${name}`,
    async createWebhook(fields = {}, token) {
      const r = await env.api('POST', '/webhooks', {
        token,
        body: [{ callbackUrl: env.hook(), eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w', ...fields }],
      });
      if (r.status !== 200) throw new Error(`createWebhook: ${r.status} ${r.text}`);
      return r.json._embedded.webhooks[0];
    },
    async activate(webhookKey, token) {
      const r = await env.api('PUT', '/webhooks', { token, body: [{ webhookKey, state: 'ACTIVE' }] });
      if (r.status !== 204) throw new Error(`activate: ${r.status} ${r.text}`);
    },
    async subscribe(webhookKey, token, extra = {}) {
      const r = await env.api('POST', '/userSubscriptions', { token, body: [{ webhookKey, ...extra }] });
      if (r.status !== 200) throw new Error(`subscribe: ${r.status} ${r.text}`);
      return r.json._embedded.userSubscriptions[0];
    },
    stop: async () => {
      await sim.stop();
      await cb.stop();
    },
  };
  return env;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Two OAuth clients with one user each (token t1 for client c1, t2 for c2): for checks of per-client ownership. */
export const TWO_CLIENTS: SimulatorOptions = {
  clients: [
    { clientId: 'c1', clientSecret: 's1' },
    { clientId: 'c2', clientSecret: 's2' },
  ],
  users: [
    { userKey: '8000000000000000001', email: 'a@x.test', clientId: 'c1', accessToken: 't1', refreshToken: 'r1' },
    { userKey: '8000000000000000002', email: 'b@x.test', clientId: 'c2', accessToken: 't2', refreshToken: 'r2' },
  ],
};

/**
 * One simulator env for a whole test file, reset before each test (then `eachTest` runs), stopped after the file.
 * What it returns reads the env started in `beforeAll`, so a file uses it as the env itself.
 */
export function sharedEnv(options: SimulatorOptions = {}, eachTest?: (env: Env) => void): Env {
  let current: Env | undefined;
  beforeAll(async () => {
    current = await startEnv(options);
  });
  afterAll(() => current?.stop());
  beforeEach(() => {
    current!.sim.reset();
    eachTest?.(current!);
  });
  return new Proxy({} as Env, {
    get: (_target, property) => {
      if (!current) throw new Error('the simulator env is read before beforeAll started it');
      return Reflect.get(current, property);
    },
  });
}

/** The access token works on the API, as `user`: a webhook it makes and a subscription it makes are that user's. */
export async function expectActsAs(env: Env, accessToken: string, user: SimUser): Promise<void> {
  const w = await env.createWebhook({}, accessToken);
  const s = await env.subscribe(w.webhookKey, accessToken);
  expect(env.sim.state().userSubscriptions.find((x) => x.userSubscriptionKey === s.userSubscriptionKey)!.userKey).toBe(user.userKey);
}
