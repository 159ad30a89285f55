/**
 * The rules' helpers that the table (refusals.test.ts) does not reach through a check: the organizer names'
 * canonical form (the runtime names environment variables from it), the one way to echo user text, and the
 * bound on the stack's path token.
 */
import { canonicalOrganizerName, organizerEnvPrefix, show, showName, showUrl } from '../../provider/rules';
import { callbackUrlFor, MAX_PATH_TOKEN_LENGTH, parseStackConfig, StackConfigError } from '../../stack/config';

test.each([
  ['alice', 'ALICE'],
  ['Alice', 'ALICE'],
  ['a-b', 'A_B'],
  ['a_b', 'A_B'],
  ['A--B', 'A_B'],
  ['team-2_east', 'TEAM_2_EAST'],
])('the canonical form of %s is %s', (name, canonical) => {
  expect(canonicalOrganizerName(name)).toBe(canonical);
  expect(organizerEnvPrefix(name)).toBe(`GOTOWEBINAR_ORGANIZER_${canonical}`);
});

describe('show', () => {
  test('one line, with control and invisible characters escaped', () => {
    expect(show('a\n\u0085\u2028\u200b\u202e\u00a0b')).toBe('"a\\n\\u0085\\u2028\\u200b\\u202e\\u00a0b"');
  });

  test('long text is cut, saying its length, and never inside a surrogate pair', () => {
    expect(show('x'.repeat(1 << 20))).toBe(`"${'x'.repeat(79)}…" (cut: 1048576 characters)`);
    const emoji = `${'x'.repeat(78)}😀😀`;
    expect(show(emoji)).toBe(`"${'x'.repeat(78)}…" (cut: 82 characters)`);
  });

  test('names are shown as they are when plainly names, quoted otherwise', () => {
    expect(showName('callbackURL')).toBe('callbackURL');
    expect(showName('a b')).toBe('"a b"');
    expect(showName('a\nb')).toBe('"a\\nb"');
  });

  test('URLs have their user info masked, even past the cut', () => {
    expect(showUrl('https://user:hunter2@hooks.example.com/x')).toBe('"https://***@hooks.example.com/x"');
    expect(showUrl(`https://u:${'p'.repeat(200)}@h.example.com/`)).not.toContain('ppp');
  });
});

describe('callbackUrlFor', () => {
  test('takes a token of up to MAX_PATH_TOKEN_LENGTH characters, such as 43 of base64url', () => {
    const token = 'Zm9vYmFyLWJhei1xdXV4LTEyMzQ1Njc4OTAtYWJjZGVm'.slice(0, 43);
    expect(callbackUrlFor('https://h.example.com/goto', token, 'r')).toBe(`https://h.example.com/goto/${token}/r`);
  });

  test('refuses a longer token than the config was checked for, without showing it', () => {
    const token = 's'.repeat(MAX_PATH_TOKEN_LENGTH + 1);
    expect(() => callbackUrlFor('https://h.example.com/goto', token, 'r')).toThrow(/got 65 characters\.$/);
    expect(() => callbackUrlFor('https://h.example.com/goto', 'a/b', 'r')).toThrow(/\[A-Za-z0-9_-\]/);
  });
});

test('a configuration with hundreds of problems makes a message of 50 lines and a count', () => {
  const values: Record<string, string> = { 'gotowebinar-webhooks:callbackBaseUrl': 'https://h.example.com/goto' };
  for (let i = 0; i < 300; i++) values[`gotowebinar-webhooks:typo${i}`] = 'x';
  let message = '';
  try {
    parseStackConfig(values);
  } catch (e) {
    expect((e as StackConfigError).issues).toHaveLength(301); // the 300 typos, and no webhooks
    message = (e as Error).message;
  }
  expect(message.split('\n')).toHaveLength(52);
  expect(message).toMatch(/^Invalid stack configuration \(301 problems\):\n/);
  expect(message).toMatch(/\n  - and 251 more\.$/);
});
