import { inspect } from 'node:util';

/**
 * Every way an error can end up in a log: its message, stack, JSON form and util.inspect output (which shows
 * own properties, where got's errors keep request headers).
 */
export function renderings(err: unknown): string[] {
  const e = err as { message?: unknown; stack?: unknown };
  let json = '';
  try {
    json = JSON.stringify(err) ?? '';
  } catch {
    json = '(not serializable)';
  }
  return [String(e?.message ?? ''), String(e?.stack ?? ''), json, inspect(err, { depth: 20, showHidden: true })];
}

/** Asserts that none of `secrets` occurs in any rendering of `err`. */
export function expectNoSecrets(err: unknown, secrets: string[]): void {
  for (const text of renderings(err)) {
    for (const secret of secrets) {
      if (secret.length > 0 && text.includes(secret)) {
        throw new Error(`a secret leaked into an error rendering: …${text.slice(Math.max(0, text.indexOf(secret) - 60), text.indexOf(secret))}[SECRET]…`);
      }
    }
  }
}

/** Runs `fn`, which must reject, and returns the error. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
