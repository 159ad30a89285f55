import { Redactor, REDACTED } from '../../provider/api/redact';

test('scrubs every registered secret and any bearer/basic credential', () => {
  const r = new Redactor(['token-abcdef', undefined, 'x']);
  r.add('secret-key-value-123');
  const text = 'sent token-abcdef, got secret-key-value-123; Authorization: Bearer other.jwt-value Basic ZGV2OnNlY3JldA==';
  const out = r.scrub(text);
  expect(out).not.toMatch(/token-abcdef|secret-key-value-123|other\.jwt-value|ZGV2OnNlY3JldA/);
  expect(out.split(REDACTED)).toHaveLength(5);
});

test('leaves short values alone so that messages stay readable', () => {
  expect(new Redactor(['ab']).scrub('abc ab')).toBe('abc ab');
});
