/** Making user- and YouTube-supplied text safe for an HTML body and for a mail header. */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}

/** Long enough for any real title, short enough that mail clients do not fold it mid-word. */
const MAX_SUBJECT_LENGTH = 180;

/** A subject on one line: CR/LF and other control characters would let a title inject mail headers. */
export function plainSubject(text: string): string {
  const oneLine = text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length <= MAX_SUBJECT_LENGTH
    ? oneLine
    : `${oneLine.slice(0, MAX_SUBJECT_LENGTH - 1).trimEnd()}…`;
}
