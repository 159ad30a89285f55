/**
 * A URL is called as the URL parser reads it. When that differs from what was written beyond spelling, the
 * deployment silently differs from the program: `https://h.exa\u200bmple.com` calls `h.example.com`,
 * `https://h.example.com\x` and `https:h.example.com/x` call `https://h.example.com/x`, `/a/%2e%2e/b` calls `/b`,
 * `https://0x7f.1/` calls `127.0.0.1`, `https://ｈooks.example.com` (a fullwidth ｈ) calls `hooks.example.com`. And
 * GoTo's own HTTP client may read such text differently again. So a URL is accepted only when it is written as it
 * will be called; otherwise the rule names the form to write instead.
 *
 * Spelling differences that every client resolves the same way, to the same place, are not differences: they only
 * look different. A URL that differs from its parsed form by these alone is accepted (in which form it is sent to
 * GoTo and stored: `canonicalCallbackUrl`, callback-url.ts):
 *
 * - the case of the scheme and of the host (`HTTPS://Hooks.Example.COM`, `BÜCHER.example`): names are caseless;
 * - an internationalized host written in Unicode (`bücher.example`), which DNS and HTTP carry in its Punycode form
 *   (`xn--bcher-kva.example`): accepted when that form decodes back to the labels as written (in lower case and
 *   Unicode's canonical composition, NFC). Not when the parser MAPPED a character to another one: a fullwidth
 *   letter, a ligature, an ideographic full stop (`。`) for a dot are other characters than the ones called;
 * - non-ASCII characters of the path and query (`/über`), which HTTP carries UTF-8 percent-encoded (`/%C3%BCber`,
 *   RFC 3987's one mapping from IRI to URI). ASCII characters the parser encodes (`{`, `}`, `'`, …) are refused:
 *   clients encode those each their own way;
 * - an explicit default port (`:443` for https, `:80` for http) or an empty one (`h:`), and an empty path (`https://h`
 *   is `https://h/`);
 * - an IPv6 address in another of its standard text forms (`[0:0:0:0:0:0:0:1]` is `[::1]`): RFC 4291's forms are
 *   read alike by every parser, unlike IPv4's hexadecimal and octal forms, which are refused.
 *
 * A host that ends in a dot (`h.example.com.`) is refused: the parser keeps the dot, and GoTo would send it in the
 * Host header and the TLS server name, which the receiver's virtual host and certificate need not match, so a
 * delivery need not arrive where `h.example.com` would; dropping it would change what is sent. Write it without.
 */
import { decodePunycode } from './punycode';
import { show } from './show';

/** `scheme://authority` then the rest (path, query, fragment): the form every callback URL must be written in. */
const WRITTEN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#\\]*)(.*)$/s;

/** The written authority (no user info: refused before): a host, IPv6 in brackets, then maybe `:port`. */
const AUTHORITY = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Why the URL `text` (already parsed as `url`, without user info) is not written as it will be called, naming the
 * form to write; undefined when it is (spelling apart: see the module comment).
 */
export function writtenAsCalledReason(text: string, url: URL): string | undefined {
  if (writtenAsCalled(text, url)) return undefined;
  const shown = show(url.href);
  return (
    `is read by the URL parser as ${shown}, not as written (parts of it are decoded, dropped or rewritten, and ` +
    `GoTo's HTTP client may read it differently again): write the URL in the form it is to be called, e.g. ` +
    `${shown} if that is the one meant.`
  );
}

/** Why the host of `url` cannot end in a dot (see the module comment), naming the form to write; undefined when it does not. */
export function trailingDotReason(url: URL): string | undefined {
  if (!url.hostname.endsWith('.')) return undefined;
  const without = new URL(url.href);
  without.hostname = url.hostname.replace(/\.+$/, '');
  return (
    `must not end its host with a dot (${show(url.hostname)}): GoTo would send the dot in the Host header and the ` +
    `TLS server name, which the receiver's virtual host and certificate need not match, so the delivery need not ` +
    `arrive where it would without. Write ${show(without.href)}.`
  );
}

function writtenAsCalled(text: string, url: URL): boolean {
  const written = WRITTEN.exec(text);
  if (written === null) return false; // `https:host`, `https:\\host`: no "//", or backslashes for slashes
  const [, scheme, authority, rest] = written;
  const calledRest = url.href.slice(`${url.protocol}//${url.host}`.length);
  const writtenRest = utf8Encoded(rest.startsWith('/') ? rest : `/${rest}`); // `https://h` and `https://h?q` have the path "/"
  return `${scheme.toLowerCase()}:` === url.protocol && sameAuthority(authority, url) && writtenRest === calledRest;
}

/** Whether the written authority names the host and port the parser read, spelling apart (see the module comment). */
function sameAuthority(authority: string, url: URL): boolean {
  const parts = AUTHORITY.exec(authority.toLowerCase());
  if (parts === null) return false;
  const [, host, port = ''] = parts;
  const writtenPort = port === DEFAULT_PORTS[url.protocol] ? '' : port; // "" also for `h:` (an empty port)
  if (writtenPort !== url.port) return false; // `:00443`, `:08443`: leading zeros, which clients read or refuse each their way
  if (host === url.hostname) return true;
  if (host.startsWith('[')) return /^\[[0-9a-f:.]+\]$/.test(host) && url.hostname.startsWith('['); // one IPv6 address
  const writtenLabels = host.normalize('NFC').split('.');
  const calledLabels = url.hostname.split('.');
  // Label by label: as written, or the Punycode of exactly the label written (an encoding, not a mapping).
  const sameLabel = (called: string, i: number) =>
    called === writtenLabels[i] || (called.startsWith('xn--') && decodePunycode(called.slice(4)) === writtenLabels[i]);
  return writtenLabels.length === calledLabels.length && calledLabels.every(sameLabel);
}

/** `text` with every run of non-ASCII characters UTF-8 percent-encoded, as the parser writes a path and a query. */
function utf8Encoded(text: string): string {
  return text.replace(/[^\x00-\x7f]+/gu, (run) => {
    try {
      return encodeURIComponent(run);
    } catch {
      return run; // a lone surrogate (refused before, as a hidden character): left to differ
    }
  });
}
