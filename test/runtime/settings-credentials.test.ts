/**
 * Which credentials a profile uses (provider/runtime/settings.ts), and `problems()`, the check of every setting that a
 * preview runs before anything reaches GoTo (the native provider's CheckConfig, the dynamic resources' check).
 */
import { GoToConfigError } from '../../provider/api/errors';
import { checkProviderConfig, configure, providers } from '../../provider/runtime';
import { Settings } from '../../provider/runtime/settings';

const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });
const client = { 'gotowebinar:clientId': 'app', 'gotowebinar:clientSecret': 'app-secret' };

describe('credentials', () => {
  test('a personal access token with the OAuth client, from config or else the environment, named where it was set', () => {
    const fromConfig = new Settings(config({ ...client, 'gotowebinar:personalAccessToken': 'pat-1' }), {}).credentials(undefined);
    expect(fromConfig).toEqual({
      credentials: { clientId: 'app', clientSecret: 'app-secret', personalAccessToken: 'pat-1', personalAccessTokenSource: 'gotowebinar:personalAccessToken' },
      grant: 'personal access token',
      source: 'gotowebinar:personalAccessToken',
    });
    const fromEnv = new Settings(config(client), { GOTOWEBINAR_PERSONAL_ACCESS_TOKEN: 'pat-2' }).credentials(undefined);
    expect(fromEnv).toMatchObject({ grant: 'personal access token', source: 'GOTOWEBINAR_PERSONAL_ACCESS_TOKEN' });
  });

  test('an access token wins, then a personal access token, then a refresh token', () => {
    const all = { ...client, 'gotowebinar:refreshToken': 'rt', 'gotowebinar:personalAccessToken': 'pat' };
    expect(new Settings(config(all), {}).credentials(undefined).grant).toBe('personal access token');
    expect(new Settings(config({ ...all, 'gotowebinar:accessToken': 'at' }), {}).credentials(undefined).grant).toBe('access token');
    expect(new Settings(config({ ...client, 'gotowebinar:refreshToken': 'rt' }), {}).credentials(undefined).grant).toBe('refresh token');
  });

  test("an organizer's personal access token: its profile, else its variable; the client inherited", () => {
    const profile = config({ ...client, 'gotowebinar:organizers': { alice: { personalAccessToken: 'pat-a' } } });
    expect(new Settings(profile, {}).credentials('alice')).toMatchObject({
      credentials: { clientId: 'app', personalAccessToken: 'pat-a' },
      source: 'gotowebinar:organizers.alice.personalAccessToken',
    });
    const env = new Settings(config(client), { GOTOWEBINAR_ORGANIZER_BOB_SMITH_PERSONAL_ACCESS_TOKEN: 'pat-b' });
    expect(env.credentials('bob-smith')).toMatchObject({ grant: 'personal access token', source: 'GOTOWEBINAR_ORGANIZER_BOB_SMITH_PERSONAL_ACCESS_TOKEN' });
  });

  test('a personal access token without the OAuth client says what is missing, and how to provide each', () => {
    const err = (() => {
      try {
        new Settings(config({ 'gotowebinar:organizers': { alice: { personalAccessToken: 'pat-a' } } }), {}).credentials('alice');
      } catch (e) {
        return e as GoToConfigError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(GoToConfigError);
    expect(err.message).toMatch(/found gotowebinar:organizers\.alice\.personalAccessToken, but no OAuth client/);
    expect(err.message).toMatch(/npx pulumi-gotowebinar login --organizer alice/);
    expect(err.message).not.toContain('pat-a');
  });

  test('profiles: the default account, each configured organizer and each organizer of a credential variable', () => {
    const settings = new Settings(config({ 'gotowebinar:organizers': { alice: { refreshToken: 'r' }, bob: {} } }), {
      GOTOWEBINAR_ORGANIZER_CAROL_PERSONAL_ACCESS_TOKEN: 'p',
      GOTOWEBINAR_ORGANIZER_ALICE_ACCESS_TOKEN: 'a', // alice's: not a second profile
      GOTOWEBINAR_ORGANIZER_DAVE_REFRESH_TOKEN: '', // empty: not set
    });
    expect(settings.profiles()).toEqual([undefined, 'CAROL', 'alice', 'bob']);
  });

  test("a refused refresh token's advice names the login command for that profile", () => {
    const withRt = config({ ...client, 'gotowebinar:organizers': { alice: { refreshToken: 'r' } } });
    expect(new Settings(withRt, {}).connection('alice').settingNames.newRefreshToken).toMatch(
      /`npx pulumi-gotowebinar login --organizer alice` in the project directory .*gotowebinar:organizers\.alice\.refreshToken/,
    );
    const envRt = new Settings(config(client), { GOTOWEBINAR_REFRESH_TOKEN: 'r' });
    expect(envRt.connection().settingNames.newRefreshToken).toMatch(/`npx pulumi-gotowebinar login --print-env` and set GOTOWEBINAR_REFRESH_TOKEN/);
  });
});

describe('problems: every setting checked at once, naming its key', () => {
  const keys = (values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    new Settings(config(values), env).problems().map((p) => p.key);

  test('a clean configuration, and none at all, have no problems', () => {
    expect(keys({})).toEqual([]);
    expect(
      keys({
        ...client,
        'gotowebinar:apiUrl': 'http://127.0.0.1:8080/G2W/rest/v2',
        'gotowebinar:authUrl': 'https://authentication.logmeininc.com/oauth/token',
        'gotowebinar:organizer': 'alice',
        'gotowebinar:organizers': JSON.stringify({ alice: { personalAccessToken: 'p' } }),
        'gotowebinar:maxBatchSize': '50',
        'gotowebinar:liveDiff': 'false',
      }),
    ).toEqual([]);
  });

  test.each([
    ['gotowebinar:apiUrl', 'not a url', /must be an absolute URL/],
    ['gotowebinar:authUrl', 'http://auth.example.com/oauth/token', /must be an https URL/],
    ['gotowebinar:authorizeUrl', 'ftp://x.example/authorize', /must be an https URL/],
    ['gotowebinar:apiUrl', 'https://user:pw@api.example.com', /must not carry a user name or password/],
    ['gotowebinar:organizer', '__proto__', /must name a credentials profile/],
    ['gotowebinar:organizer', 'constructor', /every JavaScript object already has/],
    ['gotowebinar:organizer', 'has space', /must name a credentials profile/],
    ['gotowebinar:maxBatchSize', '0', /whole number from 1 to 1000/],
    ['gotowebinar:readSnapshotSeconds', '-1', /number of seconds from 0 to 300/],
    ['gotowebinar:liveDiff', 'sometimes', /true or false/],
    ['gotowebinar:organizers', '[1', /must be an object of profiles/],
    ['gotowebinar:clientSecret', 42, /must be text/],
  ])('%s = %p', (key, value, reason) => {
    const problems = new Settings(config({ [key]: value }), {}).problems();
    expect(problems.map((p) => p.key)).toEqual([key]);
    expect(problems[0]!.reason).toMatch(reason);
    expect(problems[0]!.reason).toContain(key);
  });

  test("a profile's bad name, unknown field or non-text value names the profile's key", () => {
    expect(keys({ 'gotowebinar:organizers': { constructor: { refreshToken: 'r' } } })).toEqual(['gotowebinar:organizers']);
    expect(keys({ 'gotowebinar:organizers': { alice: { refreshtoken: 'r' } } })).toEqual(['gotowebinar:organizers.alice']);
    expect(keys({ 'gotowebinar:organizers': { alice: 'r' } })).toEqual(['gotowebinar:organizers.alice']);
    expect(keys({ 'gotowebinar:organizers': { alice: { personalAccessToken: 7 } } })).toEqual([
      'gotowebinar:organizers.alice.personalAccessToken',
    ]);
  });

  test('a bad variable is found too, under the key it stands for', () => {
    expect(keys({}, { GOTOWEBINAR_API_URL: 'api.example.com', GOTOWEBINAR_ORGANIZER: '..' })).toEqual([
      'gotowebinar:apiUrl',
      'gotowebinar:organizer',
    ]);
  });

  test("the native provider's arguments: unknown keys too, named without the namespace; no secret echoed", () => {
    const failures = checkProviderConfig({ organizer: '__proto__', apiUrl: 'not a url', acessToken: 'secret-value', version: '0.1.0' }, {});
    expect(failures.map((f) => f.property).sort()).toEqual(['acessToken', 'apiUrl', 'organizer']);
    expect(failures.find((f) => f.property === 'acessToken')!.reason).toMatch(/is not a setting of the gotowebinar provider; its settings are accessToken, personalAccessToken/);
    expect(JSON.stringify(failures)).not.toContain('secret-value');
  });
});

test("the dynamic resources' check refuses a bad setting before anything runs, naming its key", async () => {
  await configure({ config: config({ 'gotowebinar:apiUrl': 'not a url', 'gotowebinar:organizer': 'constructor' }) });
  try {
    await expect(providers.webhook.check({}, { eventName: 'registrant.added', callbackUrl: 'https://hooks.example.com/goto' })).rejects.toMatchObject({
      code: 'ERR_GOTO_CONFIG',
      setting: 'gotowebinar:apiUrl',
      message: expect.stringMatching(/2 problems:\n {2}- gotowebinar:apiUrl \(GOTOWEBINAR_API_URL\) must be an absolute URL.*\n {2}- gotowebinar:organizer \(GOTOWEBINAR_ORGANIZER\) cannot be "constructor"/),
    });
  } finally {
    await configure({ config: config({}) });
  }
});
