import { startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());
beforeEach(() => env.sim.reset());

describe('POST /webhooks/secretkey', () => {
  it('answers 200 {id, value, validFrom} with validFrom defaulting to now', async () => {
    const before = Date.now();
    const r = await env.api('POST', '/webhooks/secretkey', { body: {} });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['id', 'validFrom', 'value']);
    expect(Number.isInteger(r.json.id)).toBe(true);
    expect(Buffer.from(r.json.value, 'base64')).toHaveLength(32);
    expect(Buffer.from(r.json.value, 'base64').toString('base64')).toBe(r.json.value);
    const t = Date.parse(r.json.validFrom);
    expect(t).toBeGreaterThanOrEqual(before - 5);
    expect(t).toBeLessThanOrEqual(Date.now() + 5);
    const second = await env.api('POST', '/webhooks/secretkey', { body: {} });
    expect(second.json.id).not.toBe(r.json.id);
    expect(second.json.value).not.toBe(r.json.value);
  });

  it('keeps the given validFrom', async () => {
    const r = await env.api('POST', '/webhooks/secretkey', { body: { validFrom: '2030-07-01T22:00:00Z' } });
    expect(r.status).toBe(200);
    expect(r.json.validFrom).toBe('2030-07-01T22:00:00Z');
    const stored = env.sim.state().secretKeys;
    expect(stored).toEqual([{ id: r.json.id, clientId: 'dev-client', value: r.json.value, validFrom: '2030-07-01T22:00:00Z', createTime: expect.any(String) }]);
  });

  it.each([
    ['not a date', { validFrom: 'tomorrow' }],
    ['no zone', { validFrom: '2030-07-01T22:00:00' }],
    ['impossible month', { validFrom: '2030-13-01T22:00:00Z' }],
    ['a number', { validFrom: 1893456000000 }],
    ['null', { validFrom: null }],
    ['an unknown field', { validFrom: '2030-07-01T22:00:00Z', secretKey: 'x' }],
    ['an array', [{}]],
  ])('answers 400 for %s', async (_what, body) => {
    const r = await env.api('POST', '/webhooks/secretkey', { body });
    expect(r.status).toBe(400);
    expect(r.json.int_err_code).toBe('InvalidRequest');
    expect(env.sim.state().secretKeys).toEqual([]);
  });

  it('requires a body in strict mode (the sketch posted none)', async () => {
    const r = await env.api('POST', '/webhooks/secretkey');
    expect(r.status).toBe(400);
    expect(r.json.msg).toMatch(/body is required/);
  });
});
