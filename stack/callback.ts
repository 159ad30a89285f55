/**
 * Callback URLs of the stack: `<callbackBaseUrl>/<path token>/<webhook path>`. The base is configured, the token
 * is random (index.ts), the path is the webhook's. Every URL made from them is checked with the resources' own
 * callbackUrl rule while the config is read, so that none is refused by GoTo or by a resource's check after
 * anything was created (a SecretKey cannot be deleted), and the refusal names the key the user wrote.
 */
import {
  callbackBaseUrl as baseRule,
  callbackUrl,
  canonicalCallbackBaseUrl,
  MAX_CALLBACK_URL_LENGTH,
  rotation,
} from 'pulumi-gotowebinar/rules';
import { child, type Issues } from './issues';
import type { WebhookDecl } from './types';

/**
 * Longest path token. index.ts makes 32 characters of [a-z0-9]; a 256-bit token in base64url would be 43. The
 * URLs are checked as if the token had this length, so a longer token than today's cannot make a URL too long,
 * and `callbackUrlFor` refuses anything longer (or with other characters) rather than make an unchecked URL.
 */
export const MAX_PATH_TOKEN_LENGTH = 64;
const PATH_TOKEN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_PATH_TOKEN_LENGTH}}$`);

/** The callback URL of a webhook: `<base>/<token>/<path>`. */
export function callbackUrlFor(base: string, token: string, path: string): string {
  if (!PATH_TOKEN.test(token)) {
    // Never the token itself in a message: it is a secret.
    throw new Error(
      `The callback path token must be 1 to ${MAX_PATH_TOKEN_LENGTH} characters of [A-Za-z0-9_-] (the length the ` +
        `stack config's callback URLs were checked for), got ${token.length} characters.`,
    );
  }
  return `${base}/${token}/${path}`;
}

/**
 * `callbackBaseUrl` in the form callback URLs are sent to GoTo and stored in (the rules' `canonicalCallbackBaseUrl`:
 * as written, but `https://Bücher.example/goto/` is `https://xn--bcher-kva.example/goto`), without trailing slashes;
 * undefined when missing or refused (then reported).
 */
export function readCallbackBaseUrl(config: Record<string, string>, issues: Issues): string | undefined {
  const raw = config[issues.key('callbackBaseUrl')];
  if (raw === undefined || raw.trim() === '') {
    issues.add('callbackBaseUrl', 'is required: the https URL under which the receiving application gets GoTo\'s events, e.g. https://hooks.example.com/goto.');
    return undefined;
  }
  const reason = baseRule(raw.trim());
  if (reason) issues.add('callbackBaseUrl', reason);
  return reason ? undefined : canonicalCallbackBaseUrl(raw.trim());
}

/** `callbackTokenRotation`: '' when not set. */
export function readTokenRotation(config: Record<string, string>, issues: Issues): string {
  const raw = config[issues.key('callbackTokenRotation')];
  if (raw === undefined) return '';
  const reason = rotation(raw.trim());
  if (reason) issues.add('callbackTokenRotation', reason);
  return reason ? '' : raw.trim();
}

/** Checks every webhook's callback URL, made with a token of the longest length, reporting at the webhook's path key. */
export function checkCallbackUrls(base: string, webhooks: readonly WebhookDecl[], pathWritten: ReadonlySet<string>, issues: Issues): void {
  const placeholder = 'x'.repeat(MAX_PATH_TOKEN_LENGTH);
  for (const w of webhooks) {
    const at = pathWritten.has(w.name) ? child(child('webhooks', w.name), 'path') : child('webhooks', w.name);
    const url = callbackUrlFor(base, placeholder, w.path);
    if (url.length > MAX_CALLBACK_URL_LENGTH) {
      const room = MAX_CALLBACK_URL_LENGTH - (url.length - w.path.length);
      issues.add(
        at,
        `makes a callback URL of ${url.length} characters (callbackBaseUrl, "/", a path token of up to ` +
          `${MAX_PATH_TOKEN_LENGTH}, "/", then the path), over the ${MAX_CALLBACK_URL_LENGTH} accepted: shorten ` +
          `the path to at most ${room} characters, or callbackBaseUrl.`,
      );
      continue;
    }
    const reason = callbackUrl(url);
    if (reason) {
      issues.add(at, `makes a callback URL (callbackBaseUrl/<path token>/path) that is refused: it ${reason.split(placeholder).join('<path token>')}`);
    }
  }
}
