/**
 * A URL is stored as written but called as the URL parser reads it. When the two differ beyond spelling, the
 * deployment silently differs from the program: `https://h.exa\u200bmple.com` calls `h.example.com`,
 * `https://h.example.com\x` and `https:h.example.com/x` call `https://h.example.com/x`, `/a/%2e%2e/b` calls `/b`,
 * `https://0x7f.1/` calls `127.0.0.1`. And GoTo's own HTTP client may read such text differently again. So a URL is
 * accepted only when it is written as it will be called; otherwise the rule names the form to write instead.
 *
 * Spelling differences every parser agrees on are not differences: the case of the scheme and the host, an
 * explicit default port (`:443` for https, `:80` for http) and an empty path (`https://h` is `https://h/`).
 */
import { show } from './show';

/** `scheme://authority` then the rest (path, query, fragment): the form every callback URL must be written in. */
const WRITTEN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#\\]*)(.*)$/s;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Why the URL `text` (already parsed as `url`, without user info) is not written as it will be called, naming the
 * form to write; undefined when it is.
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

function writtenAsCalled(text: string, url: URL): boolean {
  const written = WRITTEN.exec(text);
  if (written === null) return false; // `https:host`, `https:\\host`: no "//", or backslashes for slashes
  const [, scheme, authority, rest] = written;
  const host = authority.toLowerCase().replace(new RegExp(`:(${DEFAULT_PORTS[url.protocol] ?? ''})?$`), '');
  const calledRest = url.href.slice(`${url.protocol}//${url.host}`.length);
  const writtenRest = rest.startsWith('/') ? rest : `/${rest}`; // `https://h` and `https://h?q` have the path "/"
  return `${scheme.toLowerCase()}:` === url.protocol && host === url.host && writtenRest === calledRest;
}
