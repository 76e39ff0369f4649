/**
 * Text a source supplies (titles, authors), cleaned once where it enters: no control or format characters
 * (terminal escapes, bidi overrides, zero-width tricks) and a bounded length, so every later use — tags,
 * file names, emails, tables, a terminal — gets the same safe text.
 */

/** Code points kept of a title or an author: a readable line, far under every downstream limit. */
export const MAX_TITLE_LENGTH = 200;

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;

/** Control and format characters replaced by a space; the layout (indentation) is kept. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL_OR_FORMAT, ' ');
}

/** Control and format characters replaced by a space, whitespace collapsed, trimmed. */
export function printable(text: string): string {
  return text.replace(CONTROL_OR_FORMAT, ' ').replace(/\s+/g, ' ').trim();
}

/** `printable`, cut to `max` code points (never half a surrogate pair) with an ellipsis when cut. */
export function cleanSourceText(text: string, max = MAX_TITLE_LENGTH): string {
  // A megabyte tag is cut before the regex sees it: only the first few hundred characters can survive.
  const cleaned = printable(text.slice(0, max * 8));
  const points = Array.from(cleaned);
  return points.length > max
    ? `${points
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : cleaned;
}
