/**
 * Secret scrubbing. Every string that leaves the client (error messages, progress lines) goes through a Redactor
 * that knows the credential values in play, so a token echoed back by a server, or embedded in a lower-level error,
 * never reaches a log.
 */

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not scrubbed: replacing "a" everywhere would mangle messages, and such short
 * values are not credentials GoTo issues. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
  }

  /** Replace every known secret, and anything that looks like a bearer/basic credential, in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`);
  }
}
