/** File names that every OS accepts: no reserved characters or names, no trailing dot or space, bounded length. */

// Windows forbids these (and control characters); `/` is a separator everywhere.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Most file systems cap a name at 255 bytes; leave room for the extension.
const MAX_STEM_BYTES = 200;

export function safeFileStem(text: string): string {
  let stem = text.normalize('NFC').replace(FORBIDDEN, ' ').replace(/\s+/g, ' ').trim();
  stem = stem.replace(/[. ]+$/, '').replace(/^\.+/, '');
  while (Buffer.byteLength(stem, 'utf8') > MAX_STEM_BYTES) stem = [...stem].slice(0, -1).join('');
  stem = stem.trim();
  if (!stem) return 'audio';
  return RESERVED.test(stem) ? `_${stem}` : stem;
}

/** `<Title> - <Author>.<ext>`, made safe. */
export function audioFileName(title: string, author: string, ext: string): string {
  const label = author.trim() ? `${title} - ${author}` : title;
  return `${safeFileStem(label)}.${ext}`;
}
