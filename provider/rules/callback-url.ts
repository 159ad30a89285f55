/**
 * Callback URLs: which are accepted, and when two are the same callback.
 */
import { isLoopbackHost } from './loopback';
import type { Rule } from './rule';
import { nonEmptyString } from './rule';
import { showUrl } from './show';

/**
 * Longest callback URL accepted. GoTo documents no limit; 2048 characters is what browsers, proxies and servers
 * all handle, and ten times what a real callback needs, while a 10 KB URL would sit in state and every log.
 */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * GoTo accepts only https callbacks. http is let through for loopback hosts, which only the simulator can reach.
 * Refused too: credentials in the URL (they would sit in state and logs in clear), whitespace and control
 * characters (a newline in a URL is never meant and splits log lines), and absurd lengths.
 */
export const callbackUrl: Rule = (v) => {
  const basic = nonEmptyString(v);
  if (basic) return basic;
  const text = v as string;
  if (text.length > MAX_CALLBACK_URL_LENGTH) {
    return `must be at most ${MAX_CALLBACK_URL_LENGTH} characters, got ${text.length}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return `must not contain whitespace or control characters (a newline, a tab, …), got ${showUrl(text)}.`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute https URL, got ${showUrl(text)}.`;
  }
  if (url.username || url.password) {
    return (
      'must not carry credentials (user:password@host): they would be stored in the stack state and shown in ' +
      'logs. Authenticate deliveries with the signing key instead.'
    );
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return (
    `must be an https URL (GoTo refuses other schemes and validates it with a GET that must answer 200), got ` +
    `${showUrl(text)}. Plain http is accepted only for loopback hosts, for the local simulator.`
  );
};

/**
 * The same URL written differently (`HTTPS://Host:443/x` and `https://host/x`) is the same callback: GoTo may
 * echo a normalized form (its spec does not say), and that must not read as a different webhook or as drift.
 */
export function sameCallbackUrl(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
