/**
 * The consent page of GET /oauth/authorize (consent mode 'page', the default) and its form's POST, answered as a
 * browser would answer them (the form's fields read from the HTML, posted form-encoded), the redirect-URI rule, the
 * client settings and the consent mode in the admin API. A real browser drives the same page in the login command's
 * tests.
 */
import { sharedEnv, startEnv, request } from './helpers';
import type { ApiAnswer, Env } from './helpers';

const env: Env = sharedEnv({}, (e) => {
  e.sim.setOauthConsent('page');
  e.sim.setClientSettings('dev-client', { redirectUris: [] });
});

const REDIRECT = 'https://app.example.com/oauth/callback';
const DEV_BASIC = `Basic ${Buffer.from('dev-client:dev-client-secret').toString('base64')}`;

const authorizeUrl = (params: Record<string, string> = {}, on: Env = env): string =>
  `${on.sim.authorizeUrl}?${new URLSearchParams({ client_id: 'dev-client', response_type: 'code', redirect_uri: REDIRECT, state: 'xyz', ...params })}`;

const unescape = (s: string): string =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

interface ParsedForm {
  action: string;
  method: string;
  hidden: Record<string, string>;
  /** The radio buttons: value, label text, checked. */
  users: { value: string; label: string; checked: boolean }[];
  buttons: { name: string; value: string; text: string }[];
}

/** The consent form as a browser sees it: read from the page's HTML. */
function parseForm(html: string): ParsedForm {
  const attrs = (tag: string): Record<string, string> =>
    Object.fromEntries([...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1]!, unescape(m[2] ?? '')]));
  const form = attrs(/<form[^>]*>/.exec(html)![0]);
  const inputs = [...html.matchAll(/<input[^>]*>/g)].map((m) => attrs(m[0]));
  const labels = Object.fromEntries([...html.matchAll(/<label for="([^"]+)">([^<]*)<\/label>/g)].map((m) => [m[1]!, unescape(m[2]!)]));
  return {
    action: form.action!,
    method: form.method!,
    hidden: Object.fromEntries(inputs.filter((i) => i.type === 'hidden').map((i) => [i.name!, i.value!])),
    users: inputs.filter((i) => i.type === 'radio' && i.name === 'user_key').map((i) => ({ value: i.value!, label: labels[i.id!]!, checked: 'checked' in i })),
    buttons: [...html.matchAll(/<button type="submit" name="([^"]+)" value="([^"]+)">([^<]*)<\/button>/g)].map((m) => ({ name: m[1]!, value: m[2]!, text: m[3]! })),
  };
}

async function openPage(params: Record<string, string> = {}, on: Env = env): Promise<{ page: ApiAnswer; form: ParsedForm }> {
  const page = await request(authorizeUrl(params, on), 'GET', { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  expect(page.status).toBe(200);
  return { page, form: parseForm(page.text) };
}

/** Posts the form as a browser does when a button is clicked: hidden fields, the checked radio, the clicked button. */
function submit(form: ParsedForm, decision: 'allow' | 'deny', userKey?: string, overrides: Record<string, string> = {}, on: Env = env): Promise<ApiAnswer> {
  const chosen = userKey ?? form.users.find((u) => u.checked)!.value;
  const body = new URLSearchParams({ ...form.hidden, user_key: chosen, decision, ...overrides });
  return request(new URL(form.action, on.sim.url).toString(), form.method.toUpperCase(), {
    raw: body.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
  });
}

const exchange = (code: string, redirectUri = REDIRECT) =>
  request(env.sim.authUrl, 'POST', {
    raw: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: DEV_BASIC },
  });

describe('the consent page (GET /oauth/authorize, consent mode page: the default)', () => {
  it('names the client and lists its users by email (the first checked), with Allow and Deny in one form', async () => {
    expect(env.sim.oauthConsent()).toBe('page');
    const { page, form } = await openPage();
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<strong>dev-client</strong>');
    expect(form).toMatchObject({ action: '/oauth/authorize', method: 'post' });
    expect(form.users).toEqual([
      { value: env.alice.userKey, label: 'alice@example.com', checked: true },
      { value: env.bob.userKey, label: 'bob@example.com', checked: false },
    ]);
    expect(page.text).toContain(`<input type="radio" name="user_key" value="${env.alice.userKey}"`);
    expect(page.text).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(page.text).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
    expect(form.hidden).toEqual({ client_id: 'dev-client', redirect_uri: REDIRECT, response_type: 'code', state: 'xyz', consent_nonce: expect.any(String) });
    // The request log has no code: nothing was approved yet.
    expect(env.sim.requests()[0]).toMatchObject({ method: 'GET', path: '/oauth/authorize', status: 200 });
    expect(env.sim.requests()[0]!.userKey).toBeUndefined();
  });

  it('needs nothing from outside and no script; it is not cached nor framed, and may post only to itself and the redirect', async () => {
    const { page } = await openPage();
    expect(page.text).not.toMatch(/<script|<link|<img|<iframe|\s(src|href)=/i);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    // Chromium applies form-action to the redirect after the POST too: the redirect_uri's origin is allowed, no more.
    expect(csp).toMatch(/form-action 'self' https:\/\/app\.example\.com(;|$)/);
  });

  it('preselects the user named by user_key, and passes scope through', async () => {
    const { form, page } = await openPage({ user_key: env.bob.userKey, scope: 'collab:' });
    expect(form.users.find((u) => u.checked)!.label).toBe('bob@example.com');
    expect(form.hidden.scope).toBe('collab:');
    expect(page.text).toContain('<code>collab:</code>');
  });

  it('escapes everything it shows: client id, emails, redirect_uri and state', async () => {
    const own = await startEnv({
      clients: [{ clientId: 'c<script>x</script>', clientSecret: 's' }],
      users: [{ userKey: '8000000000000000001', email: '"><img src=x>@x.test', clientId: 'c<script>x</script>', accessToken: 't1', refreshToken: 'r1' }],
    });
    try {
      const state = `"'><script>alert(1)</script>&amp;`;
      const redirect = 'https://app.example.com/cb?a="<b>&c=1';
      const { page, form } = await openPage({ client_id: 'c<script>x</script>', redirect_uri: redirect, state }, own);
      expect(page.text).not.toMatch(/<script|<img|<b>/i);
      expect(page.text).toContain('c&lt;script&gt;x&lt;/script&gt;');
      expect(form.users[0]!.label).toBe('"><img src=x>@x.test');
      // Escaped, not changed: the form still carries the exact values back.
      expect(form.hidden).toMatchObject({ client_id: 'c<script>x</script>', redirect_uri: redirect, state });
      const r = await submit(form, 'allow', undefined, {}, own);
      expect(r.status).toBe(302);
      expect(new URL(r.headers.get('location')!).searchParams.get('state')).toBe(state);
    } finally {
      await own.stop();
    }
  });
});

describe('POST /oauth/authorize (the decision)', () => {
  it('Allow: 302 to redirect_uri with code and state; the code is for the chosen user and can be exchanged once', async () => {
    const { form } = await openPage();
    const r = await submit(form, 'allow', env.bob.userKey);
    expect(r.status).toBe(302);
    const loc = new URL(r.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('state')).toBe('xyz');
    const code = loc.searchParams.get('code')!;
    expect(code).toEqual(expect.any(String));
    const t = await exchange(code);
    expect(t.status).toBe(200);
    expect(t.json).toMatchObject({ principal: 'bob@example.com', organizer_key: env.bob.userKey, refresh_token: expect.any(String) });
    expect((await env.api('GET', '/webhooks?product=g2w', { token: t.json.access_token })).status).toBe(200);
    expect(await exchange(code)).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('Deny: 302 to redirect_uri with error=access_denied, a description and state, and no code', async () => {
    const { form } = await openPage();
    const r = await submit(form, 'deny');
    expect(r.status).toBe(302);
    const loc = new URL(r.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('error_description')).toEqual(expect.any(String));
    expect(loc.searchParams.get('state')).toBe('xyz');
    expect(loc.searchParams.get('code')).toBeNull();
  });

  it('keeps the query of redirect_uri, and answers without state when the request had none', async () => {
    const params = new URLSearchParams({ client_id: 'dev-client', response_type: 'code', redirect_uri: `${REDIRECT}?tenant=7` });
    const page = await request(`${env.sim.authorizeUrl}?${params}`, 'GET');
    const form = parseForm(page.text);
    expect(form.hidden.state).toBeUndefined();
    const loc = new URL((await submit(form, 'allow')).headers.get('location')!);
    expect(loc.searchParams.get('tenant')).toBe('7');
    expect(loc.searchParams.has('state')).toBe(false);
    expect(loc.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a replayed form (the nonce is single use) with 400 and no redirect', async () => {
    const { form } = await openPage();
    expect((await submit(form, 'deny')).status).toBe(302);
    const again = await submit(form, 'allow');
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    expect(again.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(again.text).toContain('already used or has expired');
  });

  it.each([
    ['no nonce', { consent_nonce: '' }],
    ['a made-up nonce', { consent_nonce: 'forged' }],
    ['another redirect_uri', { redirect_uri: 'https://evil.example.com/cb' }],
    ['another state', { state: 'other' }],
    ['another client_id', { client_id: 'other' }],
    ['a scope the request did not have', { scope: 'collab:' }],
    ['a user of no such key', { user_key: '1' }],
    ['a decision other than allow or deny', { decision: 'maybe' }],
  ])('refuses a form with %s: 400 invalid_request, no redirect', async (_what, overrides) => {
    const { form } = await openPage();
    const r = await request(`${env.sim.url}/oauth/authorize`, 'POST', {
      raw: new URLSearchParams({ ...form.hidden, user_key: env.alice.userKey, decision: 'allow', ...overrides }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    expect(r.headers.get('location')).toBeNull();
  });

  it('refuses a form whose nonce was spent by a tampered post: a forged attempt burns the page', async () => {
    const { form } = await openPage();
    expect((await submit(form, 'allow', undefined, { redirect_uri: 'https://evil.example.com/cb' })).status).toBe(400);
    expect((await submit(form, 'allow')).status).toBe(400);
  });

  it('refuses a body that is not form-encoded', async () => {
    const r = await request(`${env.sim.url}/oauth/authorize`, 'POST', { body: { decision: 'allow' } });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  it('answers 405 to other methods, naming GET and POST', async () => {
    const r = await request(`${env.sim.url}/oauth/authorize`, 'PUT');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, POST');
  });

  it('logs the decision without its nonce; the code it answered is in no log', async () => {
    const { form } = await openPage();
    const r = await submit(form, 'allow', env.bob.userKey);
    const code = new URL(r.headers.get('location')!).searchParams.get('code')!;
    const post = env.sim.requests().find((e) => e.method === 'POST')!;
    expect(post).toMatchObject({ path: '/oauth/authorize', status: 302, userKey: env.bob.userKey, kind: 'oauth' });
    expect(post.body).toMatchObject({ consent_nonce: '[redacted]', decision: 'allow', user_key: env.bob.userKey, state: 'xyz' });
    const text = (await env.call('GET', '/_sim/requests')).text;
    expect(text).not.toContain(form.hidden.consent_nonce);
    expect(text).not.toContain(code);
  });
});

describe('redirect URIs registered on the client', () => {
  const registered = 'http://127.0.0.1:8765/callback';

  it('GET /_sim/clients lists every client without its secret; PUT changes redirectUris', async () => {
    const list = await env.call('GET', '/_sim/clients');
    expect(list).toMatchObject({ status: 200, json: [{ clientId: 'dev-client', redirectUris: [], personalAccessTokenGrant: true }] });
    expect(list.text).not.toContain('dev-client-secret');
    const put = await env.call('PUT', '/_sim/clients/dev-client', { body: { redirectUris: [registered] } });
    expect(put).toMatchObject({ status: 200, json: { clientId: 'dev-client', redirectUris: [registered], personalAccessTokenGrant: true } });
    expect((await env.call('GET', '/_sim/clients/dev-client')).json).toEqual(put.json);
    expect(env.sim.clientSettings('dev-client')).toEqual(put.json);
    expect(env.sim.listClientSettings()).toEqual([put.json]);
  });

  it.each([
    ['an unknown field', { secret: 'x' }],
    ['a relative URI', { redirectUris: ['/callback'] }],
    ['a URI with a fragment', { redirectUris: ['https://app.example.com/cb#x'] }],
    ['a string for the list', { redirectUris: registered }],
    ['a string for the grant', { personalAccessTokenGrant: 'false' }],
  ])('PUT /_sim/clients/<id> refuses %s with 400', async (_what, body) => {
    expect((await env.call('PUT', '/_sim/clients/dev-client', { body })).status).toBe(400);
  });

  it('PUT /_sim/clients/<id> answers 404 for an unknown client', async () => {
    expect((await env.call('PUT', '/_sim/clients/nope', { body: { redirectUris: [] } })).status).toBe(404);
    expect(() => env.sim.clientSettings('nope')).toThrow(/no client nope/);
  });

  it.each([
    ['another port on the same loopback host', 'http://127.0.0.1:9999/callback'],
    ['another loopback host', 'http://localhost:8765/callback'],
    ['another path', 'http://127.0.0.1:8765/other'],
    ['https instead of http', 'https://127.0.0.1:8765/callback'],
    ['a query the registered URI has not', 'http://127.0.0.1:8765/callback?x=1'],
  ])('refuses %s with 400 and no redirect, naming the registered URIs', async (_what, redirectUri) => {
    env.sim.setClientSettings('dev-client', { redirectUris: [registered, 'https://app.example.com/cb'] });
    for (const mode of ['page', 'auto'] as const) {
      env.sim.setOauthConsent(mode);
      const json = await request(authorizeUrl({ redirect_uri: redirectUri }), 'GET');
      expect(json.status).toBe(400);
      expect(json.headers.get('location')).toBeNull();
      expect(json.json).toEqual({
        error: 'invalid_request',
        error_description: `redirect_uri ${redirectUri} is not registered for client dev-client; registered: ${registered}, https://app.example.com/cb`,
      });
    }
    // A browser gets the same words on a page.
    const page = await request(authorizeUrl({ redirect_uri: redirectUri }), 'GET', { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toMatch(/form-action 'none'/);
    expect(page.text).toContain(`redirect_uri ${redirectUri} is not registered for client dev-client`);
  });

  it('accepts a registered URI exactly (default port and host case normalized), and the code needs the same one', async () => {
    env.sim.setClientSettings('dev-client', { redirectUris: [registered] });
    const { form } = await openPage({ redirect_uri: 'http://127.0.0.1:8765/callback' });
    const code = new URL((await submit(form, 'allow')).headers.get('location')!).searchParams.get('code')!;
    expect((await exchange(code, 'http://127.0.0.1:8765/callback')).status).toBe(200);
    env.sim.setClientSettings('dev-client', { redirectUris: ['https://App.Example.com:443/oauth/callback'] });
    expect((await openPage({ redirect_uri: REDIRECT })).form.hidden.redirect_uri).toBe(REDIRECT);
  });

  it("refuses a page's form when its redirect_uri was unregistered while the page was open", async () => {
    const { form } = await openPage();
    env.sim.setClientSettings('dev-client', { redirectUris: [registered] });
    const r = await submit(form, 'allow');
    expect(r.status).toBe(400);
    expect(r.headers.get('location')).toBeNull();
  });

  it('accepts any absolute redirect_uri again once the list is empty, and SimClient.redirectUris sets it at start', async () => {
    env.sim.setClientSettings('dev-client', { redirectUris: [registered] });
    env.sim.setClientSettings('dev-client', { redirectUris: [] });
    expect((await openPage({ redirect_uri: 'https://anything.example.org/cb' })).page.status).toBe(200);
    const own = await startEnv({ clients: [{ clientId: 'dev-client', clientSecret: 'dev-client-secret', redirectUris: [registered] }] });
    try {
      expect((await request(authorizeUrl({}, own), 'GET')).status).toBe(400);
      expect((await request(authorizeUrl({ redirect_uri: registered }, own), 'GET')).status).toBe(200);
    } finally {
      await own.stop();
    }
    await expect(startEnv({ clients: [{ clientId: 'x', clientSecret: 'y', redirectUris: ['not a url'] }] })).rejects.toThrow(/client x: redirectUris/);
  });
});

describe('consent mode', () => {
  it('GET/PUT /_sim/oauth reads and sets it; auto approves at once as user_key, page shows the page again', async () => {
    expect((await env.call('GET', '/_sim/oauth')).json).toEqual({ consent: 'page' });
    expect(await env.call('PUT', '/_sim/oauth', { body: { consent: 'auto' } })).toMatchObject({ status: 200, json: { consent: 'auto' } });
    expect(env.sim.oauthConsent()).toBe('auto');
    const auto = await request(authorizeUrl({ user_key: env.bob.userKey }), 'GET');
    expect(auto.status).toBe(302);
    const code = new URL(auto.headers.get('location')!).searchParams.get('code')!;
    expect((await exchange(code)).json.principal).toBe('bob@example.com');
    expect((await env.call('PUT', '/_sim/oauth', { body: { consent: 'page' } })).json).toEqual({ consent: 'page' });
    expect((await request(authorizeUrl(), 'GET')).status).toBe(200);
  });

  it('refuses another value with 400 (and keeps the mode)', async () => {
    expect((await env.call('PUT', '/_sim/oauth', { body: { consent: 'yes' } })).status).toBe(400);
    expect((await env.call('PUT', '/_sim/oauth', { body: { consent: 'auto', extra: 1 } })).status).toBe(400);
    expect(() => env.sim.setOauthConsent('yes' as never)).toThrow(/consent must be one of page, auto/);
    expect(env.sim.oauthConsent()).toBe('page');
  });

  it('is the option oauthConsent at start', async () => {
    const own = await startEnv({ oauthConsent: 'auto' });
    try {
      expect((await own.call('GET', '/_sim/oauth')).json).toEqual({ consent: 'auto' });
      expect((await request(authorizeUrl({}, own), 'GET')).status).toBe(302);
    } finally {
      await own.stop();
    }
    await expect(startEnv({ oauthConsent: 'maybe' as never })).rejects.toThrow(/oauthConsent must be one of/);
  });

  it('GET /_sim lists the OAuth admin endpoints', async () => {
    const endpoints = (await env.call('GET', '/_sim')).json.endpoints.join('\n');
    for (const e of ['/_sim/personal-access-tokens', '/_sim/personal-access-tokens/revoke', '/_sim/personal-access-tokens/expire', '/_sim/clients', '/_sim/oauth']) {
      expect(endpoints).toContain(e);
    }
  });
});
