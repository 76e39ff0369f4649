import { describe, expect, it } from 'vitest';
import { attachmentDisposition, downloadBaseName } from '../../../functions/api/content-disposition.js';

describe('download file names', () => {
  it('joins title and author with " - "', () => {
    expect(downloadBaseName('Clair de Lune', 'Debussy')).toBe('Clair de Lune - Debussy');
  });

  it('removes path separators, Windows-reserved characters and control characters', () => {
    expect(downloadBaseName('../../etc/passwd', 'a\\b|c?d*e<f>g:h"i')).toBe('etc passwd - a b c d e f g h i');
    expect(downloadBaseName('Line\r\nBreak', 'Tab\tNul\u0000')).toBe('Line Break - Tab Nul');
  });

  it('falls back to "audio" when nothing usable is left', () => {
    expect(downloadBaseName('...', '')).toBe('audio');
    expect(downloadBaseName(undefined, undefined)).toBe('audio');
  });

  it('shortens long titles without splitting an emoji', () => {
    const name = downloadBaseName('🎵'.repeat(200), 'x');
    expect(Array.from(name)).toHaveLength(120);
    expect(name).toBe('🎵'.repeat(120));
  });

  it('keeps the header ASCII and the real name in filename*', () => {
    const header = attachmentDisposition('日本語 (live)', 'opus');
    expect(header).toBe(
      `attachment; filename="___ (live).opus"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%20%28live%29.opus`,
    );
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});
