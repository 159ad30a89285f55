/**
 * Reading the configured secrets: one string, or several while rotating keys (GoTo's `validFrom` lets a new key take
 * over at a set time, so for a while deliveries may be signed with either). Problems are described by position,
 * never by value: messages must not carry secrets.
 */

export type SecretsRead = { ok: true; secrets: string[] } | { ok: false; message: string };

export function readSecrets(secrets: unknown): SecretsRead {
  const list: unknown[] = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [];
  if (list.length === 0) {
    return {
      ok: false,
      message:
        'No secret configured: pass secrets, the value answered by POST /webhooks/secretkey (a string, or an array ' +
        'of strings while rotating keys)',
    };
  }
  // A copy: later changes to the caller's array do not apply.
  const strings = list.filter((s): s is string => typeof s === 'string' && s !== '');
  if (strings.length < list.length) {
    const bad = list.findIndex((s) => typeof s !== 'string' || s === '');
    const where = typeof secrets === 'string' ? 'The secret' : `secrets[${bad}]`;
    return { ok: false, message: `${where} is not a non-empty string (an unset environment variable?)` };
  }
  return { ok: true, secrets: strings };
}
