import { startEnv, request, sleep } from './helpers';
import type { Env } from './helpers';

describe('rate limit (default: 10 requests per token per second)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv({ rateLimitPerSecond: 10 });
  });
  afterAll(() => env.stop());

  it('answers the 11th request within a second with 429, no Retry-After, per token', async () => {
    // fired together, so all 11 land well inside one second even on a loaded machine
    const statuses = (await Promise.all(Array.from({ length: 11 }, () => env.api('GET', '/webhooks?product=g2w')))).map((r) => r.status);
    expect(statuses.sort()).toEqual([...Array(10).fill(200), 429]);
    const r = await env.api('GET', '/webhooks?product=g2w');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeNull();
    expect(r.json).toEqual({ int_err_code: 'TooManyRequests', msg: 'Rate limit exceeded' });
    // another token has its own budget, and the admin surface is never limited
    expect((await env.api('GET', '/webhooks?product=g2w', { token: env.bob.accessToken })).status).toBe(200);
    expect((await env.call('GET', '/_sim/state')).status).toBe(200);
    // the 429s were logged with the user they named
    expect(env.sim.requests().filter((e) => e.status === 429).every((e) => e.userKey === env.alice.userKey)).toBe(true);
  });
});

describe('rate limit window', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv({ rateLimitPerSecond: 3, rateLimitWindowMs: 250 });
  });
  afterAll(() => env.stop());

  it('slides: rejected requests do not count, so the budget returns once the window passes the successes', async () => {
    const get = async (): Promise<number> => (await env.api('GET', '/webhooks?product=g2w')).status;
    expect([await get(), await get(), await get(), await get(), await get()]).toEqual([200, 200, 200, 429, 429]);
    await sleep(280);
    expect(await get()).toBe(200);
  });

  it('is adjustable at run time: setRateLimit(0) turns it off, PUT /_sim/rate-limit sets it', async () => {
    env.sim.setRateLimit(0);
    for (let i = 0; i < 15; i++) expect((await env.api('GET', '/webhooks?product=g2w', { token: env.bob.accessToken })).status).toBe(200);
    const put = await env.call('PUT', '/_sim/rate-limit', { body: { perSecond: 1 } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ perSecond: 1, windowMs: 250 });
    expect((await env.api('GET', '/webhooks?product=g2w', { token: env.bob.accessToken })).status).toBe(200);
    expect((await env.api('GET', '/webhooks?product=g2w', { token: env.bob.accessToken })).status).toBe(429);
    expect((await env.call('GET', '/_sim/rate-limit')).json).toEqual({ perSecond: 1, windowMs: 250 });
    expect((await env.call('PUT', '/_sim/rate-limit', { body: { perSecond: -1 } })).status).toBe(400);
    expect((await env.call('PUT', '/_sim/rate-limit', { body: { perSecond: 'ten' } })).status).toBe(400);
    expect(() => env.sim.setRateLimit(1.5)).toThrow(RangeError);
    env.sim.setRateLimit(2, 100);
    expect((await env.call('GET', '/_sim/rate-limit')).json).toEqual({ perSecond: 2, windowMs: 100 });
    env.sim.setRateLimit(0, 250);
  });

  it('does not limit OAuth requests', async () => {
    env.sim.setRateLimit(1);
    const auth = `Basic ${Buffer.from('dev-client:dev-client-secret').toString('base64')}`;
    for (let i = 0; i < 3; i++) {
      const r = await request(env.sim.authUrl, 'POST', {
        raw: `grant_type=refresh_token&refresh_token=${env.alice.refreshToken}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth },
      });
      expect(r.status).toBe(200);
    }
    env.sim.setRateLimit(0);
  });
});
