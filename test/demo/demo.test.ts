/**
 * `npm run demo` end to end: scripts/demo.ts run as a child process (as the npm script runs it, with ts-node), its
 * exit code and the lines that say each step did what it must. Also its mode against another API
 * (GOTOWEBINAR_API_URL: here a simulator started by the test), and its refusal without credentials.
 */
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { startSimulator } from '../../simulator';
import { runProcess, type Outcome } from '../support/run-process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretKeyRefusal } from '../../scripts/real-api-guard';

const TS_NODE = require.resolve('ts-node/dist/bin.js');

jest.setTimeout(240_000);

function runDemo(env: Record<string, string | undefined> = {}): Promise<Outcome> {
  const childEnv: Record<string, string | undefined> = { ...process.env, CI: '1' };
  for (const k of Object.keys(childEnv)) if (k.startsWith('GOTOWEBINAR_') || k.startsWith('DEMO_')) delete childEnv[k];
  // Jest's own variables would change how the children behave (e.g. NODE_ENV=test).
  delete childEnv.JEST_WORKER_ID;
  delete childEnv.NODE_ENV;
  Object.assign(childEnv, env);
  return runProcess(process.execPath, [TS_NODE, '--transpile-only', 'scripts/demo.ts'], { cwd: ROOT, env: childEnv });
}

function explain(o: Outcome): string {
  return `exit ${o.code}\n--- stdout\n${o.stdout}\n--- stderr\n${o.stderr}`;
}

test('against the built-in simulator: every step as expected, exit 0', async () => {
  const o = await runDemo();
  if (o.code !== 0) throw new Error(explain(o));
  const lines = [
    /\[1\/14\] preview: an empty stack/,
    /✓ 9 to create: the path token, the secret key, 3 webhooks, 4 subscriptions/,
    /✓ created 9; the simulator holds exactly what Pulumi\.dev\.yaml declares/,
    /\[3\/14\][^\n]*\n[\s\S]*?\| +10 unchanged[\s\S]*?✓ no changes/,
    /- webhook joins deactivated/,
    /- webhook registrations re-pointed to/,
    /- bob's subscription to registrations deleted/,
    // The engine's own output, as `pulumi preview` prints it:
    /\| +~ +pulumi-nodejs:dynamic\/gotowebinar:Webhook registrations update/,
    /\| +~ +pulumi-nodejs:dynamic\/gotowebinar:Webhook joins update/,
    /\| +\+- +pulumi-nodejs:dynamic\/gotowebinar:UserSubscription bob-registrations replace/,
    // and what drifted, in its Diagnostics (the provider's warnings), the callback token masked:
    /\| +warning: gotowebinar: Webhook \d+ drifted: webhookState is "INACTIVE" at GoTo, declared "ACTIVE"/,
    /\| +warning: gotowebinar: Webhook \d+ drifted: callbackUrl is "http:\/\/127\.0\.0\.1:\d+\/goto\/moved-by-hand" at GoTo, declared "http:\/\/127\.0\.0\.1:\d+\/goto\/\*\*\*\/registrations"/,
    /\| +warning: gotowebinar: UserSubscription \d+ no longer exists at GoTo/,
    /✓ exactly the drift: replace 1, same 6, update 2/,
    /✓ the engine's warnings say what drifted/,
    /✓ the simulator matches Pulumi\.dev\.yaml again/,
    /✓ 2 deliveries \(for alice and bob\), each signature verified with the stack's secretKey output/,
    /✓ refused: 401 SIGNATURE_MISMATCH/,
    /✓ the simulator is empty: 0 webhooks, 0 subscriptions/,
    // The native provider's door: the same simulator, a YAML program.
    /\[11\/14\] the native provider: a YAML program/,
    /✓ the preview says: ~ webhookState: "INACTIVE" => "ACTIVE"/,
    /type: gotowebinar:Webhook/,
    /✓ imported, and the YAML that declares it printed/,
    /\[14\/14\] destroy/,
    /Demo passed/,
  ];
  for (const line of lines) expect(o.stdout).toMatch(line);
  // The engine's output and the checks, but never a credential, the secret key or the callback token.
  expect(o.stdout).not.toMatch(/dev-token-|dev-refresh-|dev-client-secret/);
  expect(o.stdout).not.toMatch(/\/goto\/[a-z0-9]{32}\//);
  expect(o.stdout).toMatch(/delivery to http:\/\/127\.0\.0\.1:\d+\/goto\/<token>\/registrations \(signed\): HTTP 200/);
});

test('against another API (GOTOWEBINAR_API_URL): preview, up, preview, destroy only, and it says so', async () => {
  const sim = await startSimulator({ allowLoopbackHttp: true });
  try {
    const o = await runDemo({
      GOTOWEBINAR_API_URL: sim.apiUrl,
      GOTOWEBINAR_AUTH_URL: sim.authUrl,
      GOTOWEBINAR_CLIENT_ID: 'dev-client',
      GOTOWEBINAR_CLIENT_SECRET: 'dev-client-secret',
      GOTOWEBINAR_REFRESH_TOKEN: 'dev-refresh-alice',
      GOTOWEBINAR_ORGANIZER_ALICE_REFRESH_TOKEN: 'dev-refresh-alice',
      GOTOWEBINAR_ORGANIZER_BOB_REFRESH_TOKEN: 'dev-refresh-bob',
    });
    if (o.code !== 0) throw new Error(explain(o));
    expect(o.stdout).toContain(`against ${sim.apiUrl}`);
    expect(o.stdout).toMatch(/Skipped: the out-of-band drift and the event delivery/);
    expect(o.stdout).toMatch(/\[4\/4\] destroy/);
    expect(o.stdout).toMatch(/Demo passed/);
    // It really went there, with the OAuth refresh credentials, and cleaned up.
    expect(sim.requests().some((r) => r.kind === 'oauth')).toBe(true);
    // Three webhooks created, in however many array requests the provider coalesced them into.
    const posted = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/webhooks') && r.status === 200);
    expect(posted.flatMap((r) => r.body as unknown[])).toHaveLength(3);
    expect(sim.state().webhooks).toEqual([]);
    expect(sim.state().userSubscriptions).toEqual([]);
  } finally {
    await sim.stop();
  }
});

test('GOTOWEBINAR_API_URL without credentials: exit 1, naming the variables to set', async () => {
  const o = await runDemo({ GOTOWEBINAR_API_URL: 'http://127.0.0.1:9/G2W/rest/v2' });
  expect(o.code).toBe(1);
  expect(o.stderr).toMatch(/GOTOWEBINAR_ACCESS_TOKEN, or GOTOWEBINAR_CLIENT_ID/);
  expect(o.stdout).toMatch(/Demo FAILED/);
});

/** A loopback HTTP server that is not the simulator: answers 404 to everything, and records what it was asked. */
async function notASimulator(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"int_err_code":"NotFound"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const SIGNING_KEY_REASON = /GoTo cannot delete signing keys[\s\S]*takes over signing at once[\s\S]*--allow-real-secret-key/;

test('an API that is not the simulator: refused before any call, saying why and which flag allows it', async () => {
  const api = await notASimulator();
  try {
    const o = await runDemo({
      GOTOWEBINAR_API_URL: `${api.url}/G2W/rest/v2`,
      GOTOWEBINAR_AUTH_URL: `${api.url}/oauth/token`,
      GOTOWEBINAR_ACCESS_TOKEN: 'a-real-looking-token',
    });
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(SIGNING_KEY_REASON);
    expect(o.stdout).toMatch(/Demo FAILED/);
    expect(o.stdout).not.toMatch(/\[1\/4\] preview/);
    // Only the probe of the simulator's admin surface: no API call, no token request, no engine run.
    expect(api.seen).toEqual(['GET /_sim']);
  } finally {
    await api.stop();
  }
});

test('the guard: a remote API is refused without being contacted; the flag or the variable allows it; the simulator passes', async () => {
  const fetchSpy = jest.spyOn(globalThis, 'fetch');
  try {
    const remote = 'https://api.getgo.com/G2W/rest/v2';
    expect(await secretKeyRefusal(remote, ['node', 'demo.ts'], {})).toMatch(SIGNING_KEY_REASON);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await secretKeyRefusal(remote, ['node', 'demo.ts', '--allow-real-secret-key'], {})).toBeUndefined();
    expect(await secretKeyRefusal(remote, ['node', 'demo.ts'], { DEMO_ALLOW_REAL_SECRET_KEY: '1' })).toBeUndefined();
  } finally {
    fetchSpy.mockRestore();
  }
  const sim = await startSimulator();
  try {
    expect(await secretKeyRefusal(sim.apiUrl, ['node', 'demo.ts'], {})).toBeUndefined();
  } finally {
    await sim.stop();
  }
});
