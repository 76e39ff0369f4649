import { describe, expect, it } from 'vitest';
import { attachmentDisposition, safeFileName } from '../../../functions/extract/content-disposition.js';

describe('safeFileName', () => {
  it('drops path separators, quotes and control characters from a title', () => {
    expect(safeFileName('../../etc/passwd\r\nX-Header: "1"', 'id')).toBe('etc passwd X-Header 1');
  });

  it('falls back to the video id when nothing usable is left', () => {
    expect(safeFileName(' /// ', 'dQw4w9WgXcQ')).toBe('dQw4w9WgXcQ');
  });

  it('caps the length', () => {
    expect(Array.from(safeFileName('é'.repeat(500), 'id'))).toHaveLength(120);
  });
});

describe('attachmentDisposition', () => {
  it('keeps the header ASCII and carries the real title in filename*', () => {
    const header = attachmentDisposition('Café – Naïve (Live)', 'id', 'm4a');
    expect(header).toBe(
      `attachment; filename="Caf_ _ Na_ve (Live).m4a"; filename*=UTF-8''Caf%C3%A9%20%E2%80%93%20Na%C3%AFve%20%28Live%29.m4a`,
    );
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});
