/**
 * Characters a value must not hold: the one rule for every value that goes into a URL, a key, a trigger or a log.
 *
 * A control or invisible character is never meant in such a value and always means trouble: it splits a log line
 * (a newline, U+0085 NEXT LINE, U+2028), is dropped or mapped by the URL parser so that the URL called is not the
 * URL stored (a zero-width space in a host, a soft hyphen), or makes two values that look the same differ (a
 * zero-width joiner in a key, a bidi override that shows `abc` as `cba`). Refused:
 *
 * - controls: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): Unicode's `Cc`;
 * - format characters, invisible by definition: zero-width space, joiners and word joiner (U+200B–U+200D, U+2060),
 *   the byte order mark (U+FEFF), bidi marks, embeddings, overrides and isolates (U+200E, U+200F, U+202A–U+202E,
 *   U+2066–U+2069), the soft hyphen (U+00AD), …: Unicode's `Cf`;
 * - line and paragraph separators (U+2028, U+2029) and lone surrogate halves (not text at all);
 * - blank letters that render as nothing: the combining grapheme joiner (U+034F), Hangul fillers (U+115F, U+1160,
 *   U+3164, U+FFA0), Khmer inherent vowels (U+17B4, U+17B5) and variation selectors (U+FE00–U+FE0F).
 *
 * Whitespace (a space, U+00A0) is visible and is each rule's own business: URLs and keys refuse it, free text
 * such as a rotation trigger keeps it.
 */

/** One character of the refused kinds (see the module comment). */
export const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f]/u;

/** Every character of the refused kinds, for escaping them (show.ts). */
export const HIDDEN_CHARACTERS = new RegExp(HIDDEN_CHARACTER.source, 'gu');

/** `U+200B`: how a message names a character, which it cannot show. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `text` cannot be used because of a hidden character, or undefined when it holds none. The message says which
 * character and where, never the text around it (the text may be a secret, and the character is invisible anyway).
 * `whitespace` also refuses visible whitespace (for URLs and keys).
 */
export function hiddenCharacterReason(text: string, { whitespace = false } = {}): string | undefined {
  const hidden = HIDDEN_CHARACTER.exec(text);
  const blank = whitespace ? /\s/u.exec(text) : null;
  const found = [hidden, blank].filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
  if (found === undefined) return undefined;
  const char = found[0];
  const kind =
    char === ' '
      ? 'a space'
      : HIDDEN_CHARACTER.test(char)
        ? `${codePoint(char)} (${/\p{Cc}/u.test(char) ? 'a control character' : 'an invisible character'})`
        : `${codePoint(char)} (a whitespace character)`;
  return (
    `must not contain ${whitespace ? 'whitespace or ' : ''}control characters, nor invisible characters: found ${kind} at ` +
    `position ${found.index + 1}. Type the value again without it (an invisible character usually comes from ` +
    `copying and pasting).`
  );
}
