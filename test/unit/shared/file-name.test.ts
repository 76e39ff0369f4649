import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  downloadFileName,
  safeFileStem,
} from '../../../functions/shared/file-name.js';

describe('download file names', () => {
  it('joins title and author with " - "', () => {
    expect(downloadFileName('Clair de Lune', 'Debussy', 'mp3')).toBe('Clair de Lune - Debussy.mp3');
  });

  it("says which part a trimmed rendition holds, in YouTube's t= form (no colon, which Windows forbids)", () => {
    expect(downloadFileName('Talk', 'Host', 'mp3', { startSeconds: 90, endSeconds: 130 })).toBe(
      'Talk - Host (1m30s-2m10s).mp3',
    );
    expect(downloadFileName('Talk', 'Host', 'opus', { startSeconds: 3723.5 })).toBe(
      'Talk - Host (from 1h2m3.5s).opus',
    );
    expect(downloadFileName('Talk', undefined, 'm4a', { endSeconds: 120 })).toBe('Talk (to 2m).m4a');
    expect(downloadFileName('Talk', 'Host', 'mp3', { startSeconds: 0, endSeconds: 0.25 })).toBe(
      'Talk - Host (to 0.25s).mp3',
    );
    // A start of 0 is the whole beginning: the same rendition, and the same name, as no trim.
    expect(downloadFileName('Talk', 'Host', 'mp3', { startSeconds: 0 })).toBe('Talk - Host.mp3');
    expect(attachmentDisposition(downloadFileName('Été', undefined, 'mp3', { startSeconds: 5 }))).toBe(
      `attachment; filename="Ete (from 5s).mp3"; filename*=UTF-8''%C3%89t%C3%A9%20%28from%205s%29.mp3`,
    );
  });

  it('uses the part that is known', () => {
    expect(downloadFileName('Clair de Lune', '  ', 'mp3')).toBe('Clair de Lune.mp3');
    expect(downloadFileName(undefined, 'Debussy', 'opus')).toBe('Debussy.opus');
  });

  it('removes path separators, Windows-reserved characters and control characters', () => {
    expect(downloadFileName('../../etc/passwd', 'a\\b|c?d*e<f>g:h"i', 'mp3')).toBe(
      'etc passwd - a b c d e f g h i.mp3',
    );
    expect(downloadFileName('Line\r\nBreak', 'Tab\tNul\u0000', 'm4a')).toBe('Line Break - Tab Nul.m4a');
    expect(safeFileStem('../../etc/passwd\r\nX-Header: "1"')).toBe('etc passwd X-Header 1');
  });

  it('never yields a Windows device name or a hidden file', () => {
    expect(safeFileStem('CON')).toBe('_CON');
    expect(safeFileStem('lpt1.txt')).toBe('_lpt1.txt');
    expect(safeFileStem('.bashrc')).toBe('bashrc');
  });

  it('falls back to "audio" when nothing usable is left', () => {
    expect(downloadFileName('...', '', 'mp3')).toBe('audio.mp3');
    expect(downloadFileName(undefined, undefined, 'mp3')).toBe('audio.mp3');
    expect(safeFileStem(' /// ')).toBe('audio');
  });

  it('shortens long titles without splitting an emoji', () => {
    const stem = safeFileStem('🎵'.repeat(200));
    expect(Array.from(stem)).toHaveLength(120);
    expect(stem).toBe('🎵'.repeat(120));
  });
});

describe('attachmentDisposition', () => {
  it('keeps the header ASCII and carries the real name in filename*', () => {
    const header = attachmentDisposition('日本語 (live).opus');
    expect(header).toBe(
      `attachment; filename="___ (live).opus"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%20%28live%29.opus`,
    );
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });

  it('drops accents in the ASCII name rather than replacing the letter', () => {
    expect(attachmentDisposition('Café – Naïve (Live).m4a')).toBe(
      `attachment; filename="Cafe _ Naive (Live).m4a"; filename*=UTF-8''Caf%C3%A9%20%E2%80%93%20Na%C3%AFve%20%28Live%29.m4a`,
    );
  });
});
