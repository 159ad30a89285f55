/**
 * User text in messages: the one way to echo what a user wrote. Messages reach terminals, CI logs and the engine's
 * diagnostics, so user text must not be able to forge them: a name holding "\n  - key: forged" would print a second,
 * invented problem, a bidi override would show text reversed, and a 1 MiB name would make a 2 MB message. So:
 *
 * - text is quoted (JSON string syntax), with control and invisible characters (characters.ts) and any whitespace
 *   other than the space escaped as `\uXXXX`: one value is one line, and what is shown is what was written;
 * - long text is cut, saying its length: `"aaaa…" (cut: 1048576 characters)`.
 */
import { HIDDEN_CHARACTERS } from './characters';

/** Characters of user text a message shows at most; the rest is cut (escapes can make the shown text longer). */
export const MAX_SHOWN_CHARACTERS = 80;

/** Whitespace other than the space: visible as a blank, but not the character it looks like. */
const UNUSUAL_WHITESPACE = /(?! )\s/gu;

/** A value as a message shows it: text quoted, escaped and cut (see the module comment), other values by their kind. */
export function show(v: unknown): string {
  if (typeof v === 'string') return showText(v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/**
 * A name (a property, a config key's segment) as a message shows it: as it is when it is plainly a name (letters,
 * digits, `_`, `-`, `.`, `$`; at most 64), otherwise quoted like any user text. Normal messages stay readable
 * (`callbackURL is not a property …`) and a forged name stays on one quoted line.
 */
export function showName(name: string): string {
  return isPlainName(name) ? name : showText(name);
}

/** Whether `showName` shows `name` as it is. */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z0-9_$][A-Za-z0-9_.$-]{0,63}$/.test(name);
}

/** A URL for a message, with any user info (`user:password@`) masked. */
export function showUrl(v: string): string {
  return showText(maskUserInfo(v));
}

function showText(text: string): string {
  const cut = text.length > MAX_SHOWN_CHARACTERS;
  let shown = cut ? text.slice(0, MAX_SHOWN_CHARACTERS - 1) : text;
  if (cut && /[\ud800-\udbff]$/.test(shown)) shown = shown.slice(0, -1); // never half a character
  const quoted = JSON.stringify(cut ? `${shown}…` : shown).replace(HIDDEN_CHARACTERS, escape).replace(UNUSUAL_WHITESPACE, escape);
  return cut ? `${quoted} (cut: ${text.length} characters)` : quoted;
}

/** `\u200b`; characters beyond U+FFFF (a tag, a variation selector supplement) as their two halves, as JSON does. */
function escape(char: string): string {
  return [...char].length === 1 && char.length === 2
    ? escape(char[0]) + escape(char[1])
    : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The URL with the user info of its authority (what comes before the last `@` ahead of the first `/`, `?` or `#`
 * after `//`) replaced by `***`. A scan, not a regular expression: the text may be a megabyte long.
 */
function maskUserInfo(url: string): string {
  const start = url.indexOf('//');
  if (start < 0) return url;
  let end = url.length;
  for (let i = start + 2; i < url.length; i++) {
    const c = url[i];
    if (c === '/' || c === '?' || c === '#' || c === '\\') {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  return at > start ? `${url.slice(0, start + 2)}***${url.slice(at)}` : url;
}
