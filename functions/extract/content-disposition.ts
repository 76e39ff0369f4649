/** The `Content-Disposition` of a rendition: a download named after the video's title, safe in any header. */

const MAX_NAME_LENGTH = 120;

/** The title as a file name: no control characters, path separators or quotes; never empty. */
export function safeFileName(title: string, fallback: string): string {
  const cleaned = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    // No hidden files or `..` leftovers at the start.
    .replace(/^[.\s]+/, '')
    .trim();
  return Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('').trim() || fallback;
}

/** `attachment` with an ASCII `filename` for old clients and an RFC 5987 `filename*` for the real title. */
export function attachmentDisposition(title: string, fallback: string, ext: string): string {
  const name = `${safeFileName(title, fallback)}.${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/%/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
