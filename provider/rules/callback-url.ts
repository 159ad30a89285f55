/**
 * Callback URLs: which are accepted, and when two are the same callback.
 */
import { hiddenCharacterReason } from './characters';
import { isLoopbackHost } from './loopback';
import type { Rule } from './rule';
import { nonEmptyString } from './rule';
import { showUrl } from './show';
import { trailingDotReason, writtenAsCalledReason } from './url-form';

/**
 * Longest callback URL accepted. GoTo documents no limit; 2048 characters is what browsers, proxies and servers
 * all handle, and ten times what a real callback needs, while a 10 KB URL would sit in state and every log.
 */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * Longest callback base URL (the stack's `callbackBaseUrl`): half the callback limit, so that the path token and a
 * webhook path always have room after it.
 */
export const MAX_CALLBACK_BASE_URL_LENGTH = 1024;

/**
 * GoTo accepts only https callbacks. http is let through for loopback hosts, which only the simulator can reach.
 * Refused too:
 * - whitespace, control and invisible characters (characters.ts): never meant, and the URL parser drops some;
 * - credentials in the URL: they would sit in state and logs in clear;
 * - a host ending in a dot (url-form.ts): the Host header and TLS name would carry it;
 * - a fragment (`#…`, a bare `#` too): no HTTP client sends it, so the URL called is not the URL declared;
 * - port 0: nothing can listen on it;
 * - a URL the parser reads otherwise than written (url-form.ts): the deployment would differ from the program;
 * - absurd lengths.
 * A port and a query string are fine. A URL that only LOOKS different from its parsed form (the case of the scheme
 * and host, a Unicode host and its Punycode, a default port: url-form.ts) is accepted; `canonicalCallbackUrl` says
 * in which form it is sent to GoTo and stored.
 */
export const callbackUrl: Rule = (v) => urlReason(v, MAX_CALLBACK_URL_LENGTH);

/**
 * The stack's `callbackBaseUrl`: a callback URL to which `/<path token>/<webhook path>` is appended. So besides
 * everything `callbackUrl` refuses, anything after which the appended part would not be the path: a query (`?`,
 * a bare `?` too, would make the token and path a query string) or a fragment (`#` would keep them from being sent
 * at all, and with them the token's protection).
 */
export const callbackBaseUrl: Rule = (v) => {
  if (typeof v === 'string' && /[?#]/.test(v)) {
    return (
      `must not have a query or fragment ("?" or "#"): the path token and webhook path are appended to it and ` +
      `would land in the query or fragment instead of the path. Write the base path only, e.g. ` +
      `"https://hooks.example.com/goto".`
    );
  }
  return urlReason(v, MAX_CALLBACK_BASE_URL_LENGTH);
};

function urlReason(v: unknown, maxLength: number): string | undefined {
  const basic = nonEmptyString(v);
  if (basic !== undefined || typeof v !== 'string') return basic;
  const text = v;
  if (text.length > maxLength) return `must be at most ${maxLength} characters, got ${text.length}.`;
  const hidden = hiddenCharacterReason(text, { whitespace: true });
  if (hidden) return hidden;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be an absolute https URL such as "https://hooks.example.com/goto", got ${showUrl(text)}.`;
  }
  if (url.username || url.password) {
    return (
      'must not carry credentials (user:password@host): they would be stored in the stack state and shown in ' +
      'logs. Authenticate deliveries with the signing key instead.'
    );
  }
  return trailingDotReason(url) ?? schemeReason(text, url) ?? partsReason(text, url);
}

/**
 * The form in which an accepted callback URL is sent to GoTo and stored. The resources' check returns it as the
 * input, so the program's text, the state and GoTo agree and the next preview finds nothing to do.
 *
 * - A URL holding non-ASCII characters is taken in its parsed form (`url.href`): HTTP cannot carry it as written,
 *   so this is what GoTo's HTTP client and the receiver see: `HTTPS://Bücher.example:443/über` is
 *   `https://xn--bcher-kva.example/%C3%BCber` (Punycode host, UTF-8 percent-encoded path and query).
 * - An ASCII URL is taken as written: every spelling the rule accepts (`HTTPS://Hooks.Example.COM:443/x`,
 *   `https://h`) is one every HTTP client calls alike, and earlier versions sent and stored it so. Rewriting it would
 *   make such stacks differ from their state, and a UserSubscription, whose output echoes GoTo's text, would then
 *   show a change at every preview. `sameCallbackUrl` tells any two spellings of one callback apart from others.
 *
 * A text the rule refuses is returned as it is.
 */
export function canonicalCallbackUrl(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  try {
    return new URL(text).href;
  } catch {
    return text;
  }
}

/** `canonicalCallbackUrl` of a callback base URL (the stack's `callbackBaseUrl`), without trailing slashes. */
export function canonicalCallbackBaseUrl(text: string): string {
  return canonicalCallbackUrl(text).replace(/\/+$/, '');
}

function schemeReason(text: string, url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return (
    `must be https: GoTo accepts only https URLs, and checks each with a GET that must answer 200 (plain http is ` +
    `accepted for loopback hosts only, for the local simulator), got ${showUrl(text)}.`
  );
}

function partsReason(text: string, url: URL): string | undefined {
  if (text.includes('#')) {
    return (
      `must not have a fragment ("#…", or a bare "#"): no HTTP client sends it, so GoTo would call the URL ` +
      `without it. Remove it, or put the value in the path or the query string, got ${showUrl(text)}.`
    );
  }
  if (url.port === '0') return `must not use port 0, on which nothing can listen: write the port the receiver listens on, got ${showUrl(text)}.`;
  return writtenAsCalledReason(text, url);
}

/**
 * The same URL written differently (`HTTPS://Host:443/x` and `https://host/x`, `https://bücher.example/` and
 * `https://xn--bcher-kva.example/`) is the same callback: GoTo may echo a normalized form (its spec does not say),
 * and that must not read as a different webhook or as drift.
 */
export function sameCallbackUrl(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
