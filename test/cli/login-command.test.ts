/**
 * `login` without the engine: the command run in-process (main) against the simulator with consent approved at once,
 * for what does not need a stack: where the OAuth client and the URLs come from (the provider's precedence), the
 * authorize URL rule, --print-env's variable names, and the refusals of bad arguments and of an answer without a
 * code. The browser and the engine: login.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { authorizeUrlOf, DEFAULT_AUTH_URL, GoToClient } from '../../provider/api';
import { main } from '../../provider/cli/main';
import { loginCommand } from '../../provider/cli/login-command';
import { loginSettings } from '../../provider/cli/login-settings';
import { startSimulator, type RunningSimulator } from '../../simulator';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ allowLoopbackHttp: true, oauthConsent: 'auto' });
});
afterAll(() => sim?.stop());

const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });

/** Runs `pulumi-gotowebinar login <args>` in-process; `browse` gets the sign-in URL once it is printed. */
async function login(args: string[], env: NodeJS.ProcessEnv, browse?: (url: string) => Promise<unknown>) {
  let stdout = '';
  let stderr = '';
  let browsing: Promise<unknown> | undefined;
  const out = new Writable({ write: (chunk, _e, done) => ((stdout += String(chunk)), done()) });
  const err = new Writable({
    write: (chunk, _e, done) => {
      stderr += String(chunk);
      const url = /^(http\S+)$/m.exec(stderr)?.[1];
      if (url && browse && !browsing) browsing = browse(url);
      done();
    },
  });
  const code = await main(['login', ...args], { out, err, env });
  await browsing;
  return { code, stdout, stderr };
}

/** The environment of a machine with no Pulumi project: the OAuth client and URLs in GOTOWEBINAR_* only. */
const envOnly = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  PULUMI_GOTOWEBINAR_PULUMI: '/nonexistent/pulumi',
  GOTOWEBINAR_AUTH_URL: sim.authUrl,
  GOTOWEBINAR_CLIENT_ID: sim.clients[0]!.clientId,
  GOTOWEBINAR_CLIENT_SECRET: sim.clients[0]!.clientSecret,
  ...extra,
});

test("the authorize URL is the token URL's sibling unless gotowebinar:authorizeUrl or GOTOWEBINAR_AUTHORIZE_URL says otherwise", () => {
  expect(authorizeUrlOf(DEFAULT_AUTH_URL)).toBe('https://authentication.logmeininc.com/oauth/authorize');
  expect(authorizeUrlOf('https://api.getgo.com/oauth/v2/token')).toBe('https://api.getgo.com/oauth/v2/authorize');
  const env = { GOTOWEBINAR_CLIENT_ID: 'c', GOTOWEBINAR_CLIENT_SECRET: 's', GOTOWEBINAR_AUTHORIZE_URL: 'https://sso.example.com/env/authorize' };
  expect(loginSettings(undefined, { GOTOWEBINAR_CLIENT_ID: 'c', GOTOWEBINAR_CLIENT_SECRET: 's' }).authorizeUrl).toBe(
    'https://authentication.logmeininc.com/oauth/authorize',
  );
  expect(loginSettings(undefined, env).authorizeUrl).toBe('https://sso.example.com/env/authorize');
  expect(loginSettings(config({ 'gotowebinar:authorizeUrl': 'https://sso.example.com/stack/authorize' }), env).authorizeUrl).toBe(
    'https://sso.example.com/stack/authorize',
  );
  expect(() => loginSettings(config({ 'gotowebinar:authorizeUrl': 'http://sso.example.com/authorize' }), env)).toThrow(/gotowebinar:authorizeUrl .*must be an https URL/);
});

test("the OAuth client: stack config before the environment, an organizer profile's own before the application's", () => {
  const env = { GOTOWEBINAR_CLIENT_ID: 'env-id', GOTOWEBINAR_CLIENT_SECRET: 'env-secret' };
  expect(loginSettings(config({ 'gotowebinar:clientId': 'stack-id' }), env)).toMatchObject({ clientId: 'stack-id', clientSecret: 'env-secret' });
  const profiles = config({ 'gotowebinar:clientId': 'stack-id', 'gotowebinar:organizers': { alice: { clientId: 'alice-id' } } });
  expect(loginSettings(profiles, env, 'alice')).toMatchObject({ clientId: 'alice-id', clientSecret: 'env-secret' });
  expect(loginSettings(profiles, env, 'bob')).toMatchObject({ clientId: 'stack-id' });
  expect(() => loginSettings(config({ 'gotowebinar:clientId': 'stack-id' }), {})).toThrow(
    /No OAuth client to sign in with: gotowebinar:clientSecret \(GOTOWEBINAR_CLIENT_SECRET\) is set neither in the stack's config nor in the environment\./,
  );
});

test('--print-env --organizer prints the profile variable (its canonical name) and nothing else on stdout; the token works', async () => {
  const result = await login(['--print-env', '--organizer', 'my-team', '--no-browser'], envOnly(), (url) => fetch(url));
  expect(result.code).toBe(0);
  const m = /^export GOTOWEBINAR_ORGANIZER_MY_TEAM_REFRESH_TOKEN=(sim-rt-\S+)\n$/.exec(result.stdout);
  expect(m).not.toBeNull();
  expect(result.stderr).not.toContain(m![1]);
  expect(result.stderr).toContain('the environment alone gives the OAuth client');
  const client = new GoToClient({
    credentials: { clientId: sim.clients[0]!.clientId, clientSecret: sim.clients[0]!.clientSecret, refreshToken: m![1]! },
    apiUrl: sim.apiUrl,
    authUrl: sim.authUrl,
  });
  await expect(client.listUserSubscriptions()).resolves.toEqual([]);
});

test('an access token set for the same profile is named: the provider would use it before the new refresh token', async () => {
  const result = await login(['--print-env', '--no-browser'], envOnly({ GOTOWEBINAR_ACCESS_TOKEN: 'dev-token-alice' }), (url) => fetch(url));
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('Note: GOTOWEBINAR_ACCESS_TOKEN is set as well, and the provider prefers that access token to a refresh token');
  expect(result.stderr).not.toContain('dev-token-alice');
});

test('an answer without a code stores nothing and says so', async () => {
  const result = await login(['--print-env', '--no-browser'], envOnly(), async (url) => {
    const u = new URL(url);
    const back = new URL(u.searchParams.get('redirect_uri')!);
    back.searchParams.set('state', u.searchParams.get('state')!);
    const page = await fetch(back);
    expect(page.status).toBe(400);
  });
  expect(result).toMatchObject({ code: 1, stdout: '' });
  expect(result.stderr).toContain('The answer that came back carries no authorization code. Nothing was stored');
});

test.each([
  [['--organizer', 'constructor'], /--organizer cannot be "constructor"/],
  [['--organizer', 'a b'], /--organizer must name a credentials profile/],
  [['--port', '70000'], /--port must be a port number from 1 to 65535/],
  [['--timeout', 'soon'], /--timeout must be a number of seconds/],
  [['--stack', 'a', '--stack', 'b'], /--stack is given 2 times/],
  [['--show-token=yes'], /unknown argument/],
])('login %j is refused with exit 2 and the usage', async (args, message) => {
  const result = await login(args, envOnly());
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain('usage: pulumi-gotowebinar login [--stack S]');
});

test('no OAuth client anywhere: exit 1 naming both settings', async () => {
  const result = await login(['--print-env', '--no-browser'], { PATH: process.env.PATH, PULUMI_GOTOWEBINAR_PULUMI: '/nonexistent/pulumi' });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('gotowebinar:clientId (GOTOWEBINAR_CLIENT_ID) and gotowebinar:clientSecret (GOTOWEBINAR_CLIENT_SECRET) are set neither');
});

test("docs/credentials.md's login section names exactly the flags of the command's usage", () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'credentials.md'), 'utf8');
  const section = /^## Signing in with `login`\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)![1]!;
  const flagsOf = (text: string) => new Set([...text.matchAll(/(?<![\w-])--(?!path\b|secret\b)[a-z][a-z-]*/g)].map((m) => m[0]));
  expect([...flagsOf(section)].sort()).toEqual([...flagsOf(loginCommand.usage)].sort());
  // Each flag's row in the table.
  for (const flag of flagsOf(loginCommand.usage)) expect(section).toMatch(new RegExp(`^\\| \`${flag}[ \`]`, 'm'));
});

test("the README's login commands are docs/credentials.md's, which test/cli/login.test.ts runs (the stack aside)", () => {
  const read = (file: string) => fs.readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
  const logins = (text: string) =>
    [...text.matchAll(/^npx pulumi-gotowebinar (login[^#\n]*)/gm)].map((m) => m[1]!.trim().replace(/ --stack \S+/, ''));
  const documented = /^### Signing in\n[\s\S]*?```sh\n([\s\S]*?)```/m.exec(read('docs/credentials.md'))![1]!;
  const readme = logins(read('README.md'));
  expect(readme.length).toBeGreaterThanOrEqual(2);
  for (const command of readme) expect(logins(documented)).toContain(command);
});
