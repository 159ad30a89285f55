import { Faults } from '../../simulator/faults';
import { sharedEnv, startEnv, request, sleep } from './helpers';
import type { Env } from './helpers';

const env: Env = sharedEnv({}, (e) => {
  e.sim.setFaults({
    serverErrorRate: 0,
    latencyMs: 0,
    notFoundAfterCreateMs: 0,
    dropConnectionRate: 0,
    tooManyRequestsBurst: 0,
    tooManyRequestsForMs: 0,
    seed: 1,
  });
});

const list = () => env.api('GET', '/webhooks?product=g2w');

it('are all off by default', async () => {
  expect((await env.call('GET', '/_sim/faults')).json).toEqual({
    serverErrorRate: 0,
    latencyMs: 0,
    notFoundAfterCreateMs: 0,
    dropConnectionRate: 0,
    lostAnswerRate: 0,
    tooManyRequestsBurst: 0,
    tooManyRequestsForMs: 0,
    seed: 1,
  });
});

it('serverErrorRate answers 503 ServiceUnavailable; the admin surface is not faulted', async () => {
  env.sim.setFaults({ serverErrorRate: 1 });
  const r = await list();
  expect(r.status).toBe(503);
  expect(r.json).toEqual({ int_err_code: 'ServiceUnavailable', msg: expect.any(String) });
  expect((await env.call('GET', '/_sim/state')).status).toBe(200);
  // 503 comes before authentication, like an overloaded front end
  expect((await env.api('GET', '/webhooks?product=g2w', { token: null })).status).toBe(503);
});

it('serverErrorRate is deterministic for a seed', async () => {
  const run = async (): Promise<number[]> => {
    env.sim.setFaults({ serverErrorRate: 0.5, seed: 42 });
    const out: number[] = [];
    for (let i = 0; i < 12; i++) out.push((await list()).status);
    return out;
  };
  const first = await run();
  expect(first).toContain(503);
  expect(first).toContain(200);
  expect(await run()).toEqual(first);
});

it('latencyMs delays API and OAuth answers', async () => {
  env.sim.setFaults({ latencyMs: 120 });
  let t = Date.now();
  expect((await list()).status).toBe(200);
  expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  t = Date.now();
  await request(env.sim.authUrl, 'POST', { raw: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  t = Date.now();
  await env.call('GET', '/_sim/state');
  expect(Date.now() - t).toBeLessThan(100);
});

it('notFoundAfterCreateMs: GET /webhooks/{key} and PUT naming it answer 404 until the delay has passed', async () => {
  env.sim.setFaults({ notFoundAfterCreateMs: 250 });
  const w = await env.createWebhook();
  expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).status).toBe(404);
  expect((await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, state: 'ACTIVE' }] })).status).toBe(404);
  expect(env.sim.state().webhooks[0]!.state).toBe('INACTIVE');
  await sleep(270);
  expect((await env.api('GET', `/webhooks/${w.webhookKey}`)).status).toBe(200);
  expect((await env.api('PUT', '/webhooks', { body: [{ webhookKey: w.webhookKey, state: 'ACTIVE' }] })).status).toBe(204);
});

it('dropConnectionRate destroys the connection without an answer', async () => {
  env.sim.setFaults({ dropConnectionRate: 1 });
  await expect(list()).rejects.toThrow();
  env.sim.setFaults({ dropConnectionRate: 0 });
  expect((await list()).status).toBe(200);
  const dropped = env.sim.requests().find((e) => e.status === 0);
  expect(dropped).toMatchObject({ method: 'GET', path: '/G2W/rest/v2/webhooks', kind: 'api' });
});

it('tooManyRequestsBurst answers the next N API requests 429 (set through PUT /_sim/faults)', async () => {
  const put = await env.call('PUT', '/_sim/faults', { body: { tooManyRequestsBurst: 2 } });
  expect(put.status).toBe(200);
  expect(put.json.tooManyRequestsBurst).toBe(2);
  const a = await list();
  expect(a.status).toBe(429);
  expect(a.headers.get('retry-after')).toBeNull();
  expect(a.json).toEqual({ int_err_code: 'TooManyRequests', msg: 'Rate limit exceeded' });
  expect((await env.call('GET', '/_sim/faults')).json.tooManyRequestsBurst).toBe(1);
  expect((await list()).status).toBe(429);
  expect((await list()).status).toBe(200);
});

it('tooManyRequestsForMs answers every API request 429 for a time, before any other fault, leaving the burst for after', async () => {
  const put = await env.call('PUT', '/_sim/faults', { body: { tooManyRequestsForMs: 60_000, tooManyRequestsBurst: 1, serverErrorRate: 1 } });
  expect(put.status).toBe(200);
  expect(put.json.tooManyRequestsForMs).toBeGreaterThan(0);
  expect(put.json.tooManyRequestsForMs).toBeLessThanOrEqual(60_000);
  const answers = [
    await list(),
    await env.api('POST', '/webhooks', { body: [{ callbackUrl: env.hook(), eventName: 'registrant.added', eventVersion: '1.0.0', product: 'g2w' }] }),
    await env.api('GET', '/userSubscriptions?product=g2w', { token: env.bob.accessToken }),
    await env.api('GET', '/webhooks?product=g2w', { token: null }), // before authentication, like the burst
  ];
  for (const a of answers) {
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBeNull();
    expect(a.json).toEqual({ int_err_code: 'TooManyRequests', msg: 'Rate limit exceeded' });
  }
  expect(env.sim.state().webhooks).toEqual([]);
  expect((await env.call('GET', '/_sim/state')).status).toBe(200); // the admin surface is not faulted
  expect((await env.call('GET', '/_sim/faults')).json.tooManyRequestsBurst).toBe(1); // not used up by the period
  await env.call('PUT', '/_sim/faults', { body: { tooManyRequestsForMs: 0, serverErrorRate: 0 } }); // 0 ends it
  expect((await list()).status).toBe(429); // the burst
  expect((await list()).status).toBe(200);
});

it('a 429 period ends by itself', async () => {
  env.sim.setFaults({ tooManyRequestsForMs: 300 });
  expect((await list()).status).toBe(429);
  while (env.sim.faults!().tooManyRequestsForMs! > 0) await sleep(50);
  expect((await list()).status).toBe(200);
});

it('the 429 period is measured from when it is set, on the clock Faults is given', () => {
  let now = 1_000_000;
  const faults = new Faults({ tooManyRequestsForMs: 1000 }, () => now);
  expect(faults.decide()).toBe('tooManyRequests');
  now += 999;
  expect(faults.current().tooManyRequestsForMs).toBe(1);
  expect(faults.decide()).toBe('tooManyRequests');
  now += 1;
  expect(faults.current().tooManyRequestsForMs).toBe(0);
  expect(faults.decide()).toBeUndefined();
  faults.merge({ tooManyRequestsForMs: 500 }); // set again: from now
  now += 499;
  expect(faults.decide()).toBe('tooManyRequests');
  now += 1;
  expect(faults.decide()).toBeUndefined();
});

it('PUT /_sim/faults merges and validates', async () => {
  await env.call('PUT', '/_sim/faults', { body: { latencyMs: 5 } });
  const r = await env.call('PUT', '/_sim/faults', { body: { serverErrorRate: 0 } });
  expect(r.json.latencyMs).toBe(5);
  for (const bad of [{ serverErrorRate: 2 }, { latencyMs: -1 }, { bogus: 1 }, { tooManyRequestsBurst: 1.5 }, { tooManyRequestsForMs: -1 }, { tooManyRequestsForMs: 3_600_001 }, { seed: 'x' }, [1]]) {
    const b = await env.call('PUT', '/_sim/faults', { body: bad });
    expect(b.status).toBe(400);
  }
  expect(() => env.sim.setFaults({ serverErrorRate: -1 })).toThrow();
  env.sim.setFaults({ latencyMs: undefined }); // undefined leaves a setting as it is
  expect(env.sim.faults!().latencyMs).toBe(5);
});

it('faults can be set at start', async () => {
  const faulty = await startEnv({ faults: { tooManyRequestsBurst: 1 } });
  try {
    expect((await faulty.api('GET', '/webhooks?product=g2w')).status).toBe(429);
    expect((await faulty.api('GET', '/webhooks?product=g2w')).status).toBe(200);
  } finally {
    await faulty.stop();
  }
});
