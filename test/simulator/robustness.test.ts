/** Hostile or broken input never crashes the simulator: each gets a JSON error and the server keeps answering. */
import net from 'node:net';
import { startEnv } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(() => env.stop());

afterEach(async () => {
  // whatever happened, the server still answers
  expect((await env.api('GET', '/webhooks?product=g2w')).status).toBe(200);
});

const MiB = 1024 * 1024;
const json = { 'Content-Type': 'application/json' };

/** Writes raw bytes on a fresh socket and returns whatever comes back before the server closes it. */
function rawExchange(payload: string | Buffer, opts: { endAfterWrite?: boolean; destroyAfterMs?: number } = {}): Promise<string> {
  const { port } = new URL(env.sim.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
    socket.write(payload);
    if (opts.endAfterWrite) socket.end();
    if (opts.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), opts.destroyAfterMs);
  });
}

it('malformed JSON → 400 InvalidRequest', async () => {
  for (const raw of ['{', '[{"callbackUrl": }]', 'undefined', "{'a':1}", '\u0000\u0001']) {
    const r = await env.api('POST', '/webhooks', { raw, headers: json });
    expect(r.status).toBe(400);
    expect(r.json.int_err_code).toBe('InvalidRequest');
  }
});

it('a wrong or missing content type → 415', async () => {
  const body = JSON.stringify([{ webhookKey: '1', state: 'ACTIVE' }]);
  for (const headers of [{ 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/x-www-form-urlencoded' }, {}] as Record<string, string>[]) {
    // a Buffer body makes fetch send no Content-Type at all when none is given
    const r = await env.api('PUT', '/webhooks', { raw: Buffer.from(body), headers });
    expect(r.status).toBe(415);
    expect(r.json.int_err_code).toBe('UnsupportedMediaType');
  }
  // parameters are fine
  const ok = await env.api('PUT', '/webhooks', { raw: body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  expect(ok.status).toBe(404);
});

it('a body over 1 MiB → 413 on the API, OAuth and admin paths', async () => {
  const big = Buffer.alloc(MiB + 10, 'a');
  const api = await env.api('POST', '/webhooks', { raw: big, headers: json });
  expect(api.status).toBe(413);
  expect(api.json.int_err_code).toBe('PayloadTooLarge');
  expect((await env.call('POST', '/oauth/token', { raw: big, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(413);
  expect((await env.call('POST', '/_sim/events', { raw: big, headers: json })).status).toBe(413);
  // exactly 1 MiB is still read (and then judged on its content)
  const edge = await env.api('POST', '/webhooks', { raw: `[${' '.repeat(MiB - 2)}]`, headers: json });
  expect(edge.status).toBe(400);
});

it('deeply nested JSON is refused, and logging it does not blow the stack', async () => {
  const depth = 200_000;
  const r = await env.api('POST', '/webhooks', { raw: '['.repeat(depth) + ']'.repeat(depth), headers: json });
  expect(r.status).toBe(400);
  const logged = (await env.call('GET', '/_sim/requests')).json;
  expect(logged.at(-1).status).toBe(400);
  const deepEvent = await env.call('POST', '/_sim/events', {
    raw: `{"eventName":"registrant.added","payload":{"a":${'['.repeat(1000)}${']'.repeat(1000)}}}`,
    headers: json,
  });
  expect(deepEvent.status).toBe(400);
});

it('wrong JSON types everywhere → 400, never 500', async () => {
  const bodies: unknown[] = [0, true, 'x', null, [null], [[]], [0], [{ callbackUrl: {} }], [{ webhookKey: [] }], [{ webhookKey: '1', callbackUrl: 7 }]];
  for (const body of bodies) {
    for (const [method, path] of [
      ['POST', '/webhooks'],
      ['PUT', '/webhooks'],
      ['DELETE', '/webhooks'],
      ['POST', '/userSubscriptions'],
      ['PUT', '/userSubscriptions'],
      ['DELETE', '/userSubscriptions'],
      ['POST', '/webhooks/secretkey'],
    ]) {
      const r = await env.api(method!, path!, { raw: JSON.stringify(body), headers: json });
      expect([400, 404]).toContain(r.status);
      expect(r.json.int_err_code).toEqual(expect.any(String));
    }
  }
  const proto = await env.api('POST', '/webhooks/secretkey', { raw: '{"__proto__":{"validFrom":"x"}}', headers: json });
  expect(proto.status).toBe(400);
  expect(proto.json.msg).toMatch(/__proto__/);
});

it('odd paths, encodings and methods → 404/405 JSON', async () => {
  expect((await env.api('GET', '/webhooks/%E0%A4%A')).status).toBe(404);
  expect((await env.api('GET', '/webhooks/%00')).status).toBe(404);
  expect((await env.api('GET', '/webhooks?product=%ZZ')).status).toBe(400);
  expect((await env.call('GET', '//G2W/rest/v2/webhooks')).status).toBe(404);
  expect((await env.api('PATCH', '/webhooks', { body: [] })).status).toBe(405);
  const head = await fetch(`${env.sim.apiUrl}/webhooks`, { method: 'HEAD' });
  expect(head.status).toBe(405);
  const r = await env.api('GET', '/webhooks?product=g2w', { token: null, headers: { Authorization: 'Bearer \u00ff\u00fe' } });
  expect(r.status).toBe(403);
});

it('survives garbage on the socket and aborted uploads', async () => {
  const garbage = await rawExchange('NOT HTTP AT ALL\r\n\r\n');
  expect(garbage).toMatch(/^HTTP\/1\.1 400/);
  await rawExchange(
    `POST /G2W/rest/v2/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dev-token-alice\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"a":`,
    { destroyAfterMs: 50 },
  );
  await rawExchange(`POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ngrant`, { destroyAfterMs: 50 });
  await rawExchange(`PUT /_sim/faults HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{`, { destroyAfterMs: 50 });
});

it('many concurrent requests are all answered', async () => {
  const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? env.api('GET', '/webhooks?product=g2w') : env.api('POST', '/webhooks', { raw: '{', headers: json }))));
  expect(rs.map((r) => r.status).sort()).toEqual([...Array(25).fill(200), ...Array(25).fill(400)]);
});
