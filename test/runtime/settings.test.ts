/**
 * Settings (provider/runtime/settings.ts): the stack config first, the environment for what it lacks, and every
 * bad value refused as a GoToConfigError naming the setting, before any request.
 */
import { GoToConfigError, isGoToApiError } from '../../provider/api/errors';
import { DEFAULT_MAX_BATCH_SIZE } from '../../provider/runtime/connection/write-batches';
import { Settings } from '../../provider/runtime/settings';

const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });
const token = { 'gotowebinar:accessToken': 'tok' };

function configErrorOf(fn: () => unknown): GoToConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GoToConfigError);
    expect(isGoToApiError(err)).toBe(false);
    return err as GoToConfigError;
  }
  throw new Error('expected a GoToConfigError');
}

test('maxBatchSize: 100 by default, from config or else the environment', () => {
  expect(new Settings(config(token), {}).connection().maxBatchSize).toBe(DEFAULT_MAX_BATCH_SIZE);
  expect(DEFAULT_MAX_BATCH_SIZE).toBe(100);
  expect(new Settings(config({ ...token, 'gotowebinar:maxBatchSize': '1' }), {}).connection().maxBatchSize).toBe(1);
  expect(new Settings(config(token), { GOTOWEBINAR_MAX_BATCH_SIZE: '25' }).connection().maxBatchSize).toBe(25);
  expect(
    new Settings(config({ ...token, 'gotowebinar:maxBatchSize': '7' }), { GOTOWEBINAR_MAX_BATCH_SIZE: '25' }).connection().maxBatchSize,
  ).toBe(7);
});

test.each(['0', '-3', '2.5', 'many', '1001'])('maxBatchSize %s is refused, naming the setting', (raw) => {
  const err = configErrorOf(() => new Settings(config({ ...token, 'gotowebinar:maxBatchSize': raw }), {}).connection());
  expect(err.setting).toBe('gotowebinar:maxBatchSize');
  expect(err.message).toMatch(/gotowebinar:maxBatchSize \(GOTOWEBINAR_MAX_BATCH_SIZE\) must be a whole number from 1 to 1000/);
});

test('the other settings name themselves too; missing credentials are a config error', () => {
  expect(configErrorOf(() => new Settings(config({ 'gotowebinar:liveDiff': 'perhaps' }), {}).liveDiff()).setting).toBe('gotowebinar:liveDiff');
  expect(configErrorOf(() => new Settings(config({ 'gotowebinar:diffTimeoutSeconds': '0' }), {}).diffTimeoutMs()).setting).toBe(
    'gotowebinar:diffTimeoutSeconds',
  );
  expect(configErrorOf(() => new Settings(config({}), {}).connection()).message).toMatch(/No usable GoToWebinar credentials/);
});

test('rateLimitWaitSeconds: how long 429s are waited out, 300 s by default, from config or else the environment', () => {
  expect(new Settings(config(token), {}).connection().retry).toEqual({ rateLimitBudgetMs: 300_000 });
  expect(new Settings(config({ ...token, 'gotowebinar:rateLimitWaitSeconds': '20' }), {}).connection().retry.rateLimitBudgetMs).toBe(20_000);
  expect(new Settings(config(token), { GOTOWEBINAR_RATE_LIMIT_WAIT_SECONDS: '0' }).connection().retry.rateLimitBudgetMs).toBe(0);
  const err = configErrorOf(() => new Settings(config({ ...token, 'gotowebinar:rateLimitWaitSeconds': 'forever' }), {}).connection());
  expect(err.setting).toBe('gotowebinar:rateLimitWaitSeconds');
});

test("the client's messages name the stack settings and their variables (the client alone knows only its options)", () => {
  const { settingNames } = new Settings(config(token), {}).connection();
  expect(settingNames).toMatchObject({
    apiUrl: 'gotowebinar:apiUrl (GOTOWEBINAR_API_URL)',
    refreshToken: 'gotowebinar:refreshToken (GOTOWEBINAR_REFRESH_TOKEN)',
    rateLimitWait: 'gotowebinar:rateLimitWaitSeconds (GOTOWEBINAR_RATE_LIMIT_WAIT_SECONDS)',
  });
});
