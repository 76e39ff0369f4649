/**
 * Download file names, `<Title> - <Author>.<ext>` (and the part kept, when trimmed), safe on every OS and
 * inside an HTTP header: one rule for the S3 object's Content-Disposition, the download redirect and the
 * file the local CLI saves.
 */
import type { AudioOptions } from './contract/audio-options.js';

// Path separators, characters Windows forbids, line/paragraph separators, format characters (bidi
// overrides that make `evil‮3pm.exe` read as `evil exe.mp3`), and what could break a header.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029<>:"/\\|?*;]+/gu;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Code points kept: readable in a file list, far under the 255-byte limit of most file systems. */
const MAX_STEM_LENGTH = 120;

/** A file name stem without unsafe characters, reserved names or leading/trailing dots; `audio` when empty. */
export function safeFileStem(text: string): string {
  const cleaned = text.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  // Cut by code point (never half a surrogate pair), then drop the dots and spaces Windows strips anyway.
  const stem = Array.from(cleaned)
    .slice(0, MAX_STEM_LENGTH)
    .join('')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!stem) return 'audio';
  return WINDOWS_RESERVED.test(stem) ? `_${stem}` : stem;
}

/** 90 → `1m30s`, 3723.5 → `1h2m3.5s`, 0 → `0s`: the `t=` form of YouTube links, with no colon in it. */
function timeToken(totalSeconds: number): string {
  const millis = Math.round(totalSeconds * 1000);
  const hours = Math.floor(millis / 3_600_000);
  const minutes = Math.floor((millis % 3_600_000) / 60_000);
  const seconds = (millis % 60_000) / 1000;
  const parts = [hours && `${hours}h`, minutes && `${minutes}m`, seconds && `${seconds}s`].filter(Boolean);
  return parts.length ? parts.join('') : '0s';
}

/** The part a trimmed file holds, as its name says it: ` (1m30s-2m10s)`, ` (from 1m30s)`, ` (to 2m)`; else ''. */
function partLabel(trim: Pick<AudioOptions, 'startSeconds' | 'endSeconds'> = {}): string {
  const start = trim.startSeconds ? timeToken(trim.startSeconds) : undefined;
  const end = trim.endSeconds === undefined ? undefined : timeToken(trim.endSeconds);
  if (start && end) return ` (${start}-${end})`;
  if (start) return ` (from ${start})`;
  return end ? ` (to ${end})` : '';
}

/**
 * `<Title> - <Author>.<ext>` (or the part that is known), made safe; a trimmed rendition says which part
 * it holds (`<Title> - <Author> (1m30s-2m10s).mp3`), so it never passes for the whole video.
 */
export function downloadFileName(
  title: string | undefined,
  author: string | undefined,
  ext: string,
  trim?: Pick<AudioOptions, 'startSeconds' | 'endSeconds'>,
): string {
  const label = [title, author]
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join(' - ');
  return `${safeFileStem(label)}${partLabel(trim)}.${ext}`;
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
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/%/g, '_');
}

/** `attachment` with an ASCII `filename` for old clients and an RFC 5987 `filename*` for the real name. */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
