/**
 * `npx pulumi-gotowebinar login` end to end: the command as a process, the simulator over HTTP with its consent page
 * answered in headless Chromium, the real Pulumi CLI (the project's engine build, as PULUMI_GOTOWEBINAR_PULUMI) on a
 * file backend. A sign-in stores the chosen user's refresh token as a secret in the stack's config (at the default
 * key, or at an organizer profile's path), no output shows it, and `pulumi up` works with it alone. A denied
 * consent, a foreign `state`, a code GoTo refuses, a timeout and a redirect URI that is not registered each store
 * nothing, exit non-zero and say why.
 *
 * The sign-ins run the commands of docs/credentials.md as written (but for the port). The tests run in order: two
 * sign in, the next runs `pulumi up` with what they stored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Browser } from 'playwright-core';
import { startSimulator } from '../../simulator';
import { EngineStack } from '../../tools/pulumi/automation';
import { offlineEnv } from '../../tools/pulumi/environment';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { startLocalReceiver, type LocalReceiver } from '../../scripts/local-receiver';
import { OPERATION_TIMEOUT, ROOT, run } from '../stack/support';
import { consent, freePort, launchChromium, startLogin } from './login-driver';

jest.setTimeout(OPERATION_TIMEOUT);

const FIXTURE = path.join(__dirname, 'fixtures', 'signed-in');

let sim: Awaited<ReturnType<typeof startSimulator>>;
let receiver: LocalReceiver;
let copy: WorkCopy;
let stack: EngineStack;
let browser: Browser;
/** The command's environment: the engine's CLI on the stack's backend, and no GOTOWEBINAR_* of this machine. */
let env: Record<string, string | undefined>;
/** A port registered on the OAuth client, for the runs with --port. */
let registeredPort: number;
/** Every refresh token `login` stored, and all the command and the engine printed: the first must not be in the second. */
const storedTokens: string[] = [];
const printed: string[] = [];

const stackFile = () => path.join(copy.dir, 'Pulumi.dev.yaml');
const stackConfigText = () => fs.readFileSync(stackFile(), 'utf8');
const stackConfig = () => (yaml.load(stackConfigText()) as { config: Record<string, unknown> }).config;
const user = (local: string) => sim.users.find((u) => u.email.startsWith(`${local}@`))!;
const tokenRequests = () => sim.requests().filter((r) => r.kind === 'oauth' && r.path.startsWith('/oauth/token')).length;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true, oauthConsent: 'page' });
  receiver = await startLocalReceiver({ basePath: '/goto' });
  copy = workCopy(FIXTURE, ['Pulumi.yaml', 'index.js'], 'login');
  const noGoTo = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('GOTOWEBINAR_')).map((k) => [k, undefined]));
  // The OAuth client and the URLs are in the stack's config (the secret too), as a user sets them: nothing in the environment.
  stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    env: noGoTo,
    config: {
      'signed-in:callbackUrl': `${receiver.baseUrl}/hook`,
      'gotowebinar:apiUrl': sim.apiUrl,
      'gotowebinar:authUrl': sim.authUrl,
      'gotowebinar:clientId': sim.clients[0]!.clientId,
    },
    secretConfig: { 'gotowebinar:clientSecret': sim.clients[0]!.clientSecret },
  });
  env = offlineEnv(stack.engine, {
    ...process.env,
    ...noGoTo,
    PULUMI_BACKEND_URL: `file://${stack.backendDir}`,
    PULUMI_HOME: undefined,
    PULUMI_GOTOWEBINAR_PULUMI: stack.engine.pulumi,
    DISPLAY: undefined,
    WAYLAND_DISPLAY: undefined,
  });
  registeredPort = await freePort();
  // The one-time setup of docs/credentials.md: the redirect URI registered on the OAuth client.
  sim.setClientSettings(sim.clients[0]!.clientId, { redirectUris: [`http://127.0.0.1:${registeredPort}/callback`] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (stack) await run(stack, 'destroy').catch(() => undefined);
  await stack?.remove();
  copy?.remove();
  await receiver?.stop();
  await sim?.stop();
});

/**
 * The `login` commands of docs/credentials.md ("Signing in"), as arguments, run as written but for the port: the doc's
 * 8765 becomes the port registered here. No --no-browser: the environment has no display, so login only prints.
 */
function documentedLogins(): string[][] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'credentials.md'), 'utf8');
  const block = /^### Signing in\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(doc)![1]!;
  return block
    .split('\n')
    .filter((l) => l.startsWith('npx pulumi-gotowebinar login'))
    .map((l) => l.replace(/#.*/, '').trim().split(/\s+/).slice(3).map((a) => (a === '8765' ? String(registeredPort) : a)));
}

/** Runs login in the project's folder and answers its consent page in the browser. */
async function signIn(args: string[], answer: { email: string; decision: 'allow' | 'deny' }) {
  const login = startLogin(args, { cwd: copy.dir, env });
  const page = await consent(browser, await login.url, answer);
  const result = await login.done;
  printed.push(result.stdout, result.stderr, page.text);
  return { page, result };
}

test('the documented commands are these two', () => {
  expect(documentedLogins()).toEqual([
    ['--port', String(registeredPort)],
    ['--stack', 'dev', '--organizer', 'alice', '--port', String(registeredPort)],
  ]);
});

test('Allow as the chosen user stores their refresh token as a secret at gotowebinar:refreshToken of the selected stack', async () => {
  const bob = user('bob');
  // No --stack: the stack `pulumi stack select` chose.
  const { page, result } = await signIn(documentedLogins()[0]!, { email: bob.email, decision: 'allow' });

  expect(result.code).toBe(0);
  // Whose token it is, from the token answer (the simulator's: principal, organizer_key, account_key).
  expect(result.stderr).toContain(`Signed in to GoTo as ${bob.email} (organizer key ${bob.userKey}, account key ${bob.accountKey}).`);
  expect(result.stderr).toContain("Stored the refresh token as a secret in stack dev's config: gotowebinar:refreshToken.");
  expect(result.stdout).toBe('');
  expect(page).toMatchObject({ status: 200, text: expect.stringContaining(`Signed in to GoTo as ${bob.email}`) });
  // The process ends as soon as it is done: the browser's connection does not hold it open.
  expect(result.ms).toBeLessThan(20_000);

  expect(stackConfig()['gotowebinar:refreshToken']).toEqual({ secure: expect.any(String) });
  const { value, secret } = await stack.stack.getConfig('gotowebinar:refreshToken');
  expect(secret).toBe(true);
  expect(value).toMatch(/^sim-rt-/);
  expect(value).not.toBe(bob.refreshToken); // a token the sign-in issued, not the simulator's static one
  storedTokens.push(value);
});

test('--organizer stores at the profile path gotowebinar:organizers.<name>.refreshToken, through a registered --port', async () => {
  const alice = user('alice');
  const { page, result } = await signIn(documentedLogins()[1]!, { email: alice.email, decision: 'allow' });

  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`Signed in to GoTo as ${alice.email}`);
  expect(result.stderr).toContain('gotowebinar:organizers.alice.refreshToken.');
  expect(page.status).toBe(200);
  const organizers = stackConfig()['gotowebinar:organizers'] as Record<string, Record<string, unknown>>;
  expect(organizers.alice).toEqual({ refreshToken: { secure: expect.any(String) } });
  const { value } = await stack.stack.getConfig('gotowebinar:organizers.alice.refreshToken', true);
  expect(value).toMatch(/^sim-rt-/);
  expect(storedTokens).not.toContain(value);
  storedTokens.push(value);
});

test('pulumi up works with the stored tokens alone: the subscriptions are bob’s and alice’s; no token in any output', async () => {
  const result = await run(stack, 'up');
  printed.push(result.stdout, JSON.stringify(result.diagnostics));
  const { webhookKey } = await stack.outputs();
  const owners = sim
    .state()
    .userSubscriptions.filter((s) => s.webhookKey === webhookKey)
    .map((s) => s.userKey)
    .sort();
  expect(owners).toEqual([user('alice').userKey, user('bob').userKey].sort());
  expect(sim.state().webhooks.find((w) => w.webhookKey === webhookKey)).toMatchObject({ state: 'ACTIVE' });

  expect(storedTokens).toHaveLength(2);
  for (const token of storedTokens) for (const text of printed) expect(text).not.toContain(token);
  // The stack file holds them encrypted only.
  for (const token of storedTokens) expect(stackConfigText()).not.toContain(token);
});

describe('what stores nothing', () => {
  let before: string;
  beforeEach(() => {
    before = stackConfigText();
  });
  afterEach(() => {
    expect(stackConfigText()).toBe(before);
  });

  test('Deny on the consent page: exit 1, the page and the terminal say the consent was denied', async () => {
    const { page, result } = await signIn(['--port', String(registeredPort), '--no-browser'], { email: user('alice').email, decision: 'deny' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The consent was denied on GoTo's page \(Deny\)\. Nothing was stored: run login again and choose Allow\./);
    expect(page).toMatchObject({ status: 400, text: expect.stringContaining('Access denied') });
  });

  test('an answer with another state: refused before any code is exchanged', async () => {
    const login = startLogin(['--port', String(registeredPort), '--no-browser'], { cwd: copy.dir, env });
    const signInUrl = new URL(await login.url);
    expect(signInUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const exchanges = tokenRequests();
    const forged = new URL(signInUrl.searchParams.get('redirect_uri')!);
    forged.searchParams.set('code', 'sim-code-forged');
    forged.searchParams.set('state', 'another-state');
    const answer = await fetch(forged);
    const result = await login.done;
    printed.push(result.stdout, result.stderr);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Not this sign-in');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("carries another state than this login's");
    expect(tokenRequests()).toBe(exchanges);
  });

  test('a code GoTo refuses (already used): exit 1, saying the code was refused', async () => {
    sim.setOauthConsent('auto');
    try {
      const login = startLogin(['--port', String(registeredPort), '--no-browser'], { cwd: copy.dir, env });
      // The consent approved at once: the redirect's code is redeemed by someone else first, then reaches login.
      const approved = await fetch(await login.url, { redirect: 'manual' });
      const back = new URL(approved.headers.get('location')!);
      const basic = Buffer.from(`${sim.clients[0]!.clientId}:${sim.clients[0]!.clientSecret}`).toString('base64');
      const first = await fetch(sim.authUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: `${back.origin}${back.pathname}` }),
      });
      expect(first.status).toBe(200);
      const page = await fetch(back);
      const result = await login.done;
      printed.push(result.stdout, result.stderr);
      expect(page.status).toBe(400);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Exchanging the authorization code failed: HTTP 400 invalid_grant');
      expect(result.stderr).toContain('Nothing was stored.');
      expect(result.stderr).not.toContain(back.searchParams.get('code')!);
    } finally {
      sim.setOauthConsent('page');
    }
  });

  test('nobody signs in: it times out, saying what to check', async () => {
    const login = startLogin(['--no-browser', '--timeout', '2'], { cwd: copy.dir, env });
    const result = await login.done;
    printed.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No sign-in came back within 2 s: nothing was stored.');
  });

  test('a redirect URI not registered on the client: the sign-in page refuses it, and login times out naming what to register', async () => {
    const other = await freePort();
    const login = startLogin(['--port', String(other), '--no-browser', '--timeout', '5'], { cwd: copy.dir, env });
    const page = await consent(browser, await login.url);
    expect(page.status).toBe(400);
    expect(page.url).toMatch(/\/oauth\/authorize\?/); // no redirect to the command
    expect(page.text).toContain(`redirect_uri http://127.0.0.1:${other}/callback is not registered`);
    const result = await login.done;
    printed.push(result.stdout, result.stderr, page.text);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`does not have http://127.0.0.1:${other}/callback among its redirect URIs`);
    expect(result.stderr).toContain(`run login again with --port ${other}`);
  });
});
