/** The `Content-Disposition` a download is served with: `<Title> - <Author>.<ext>`, safe on every OS and in every header. */

const MAX_NAME_LENGTH = 120;
// Path separators, characters Windows forbids, and everything that could break out of a header or a quoted string.
const UNSAFE = /[\p{Cc}\u2028\u2029<>:"/\\|?*;]+/gu;

/** `<Title> - <Author>`, cleaned and shortened; `audio` when nothing usable is left. */
export function downloadBaseName(title?: string, author?: string): string {
  const parts = [title, author].map((part) =>
    (part ?? '').normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim(),
  );
  const joined = parts.filter(Boolean).join(' - ');
  // Cut by code point (never half a surrogate pair), then drop the dots and spaces Windows strips anyway.
  const shortened = Array.from(joined)
    .slice(0, MAX_NAME_LENGTH)
    .join('')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return shortened || 'audio';
}

/** RFC 5987 `ext-value` encoding: percent-encode everything but attr-chars. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** ASCII fallback for clients that ignore `filename*`: accents dropped, anything else non-ASCII as `_`. */
function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');
}

export function attachmentDisposition(baseName: string, ext: string): string {
  const filename = `${baseName}.${ext}`;
  return `attachment; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
