import { describe, expect, it } from 'vitest';
import { displayPath, formatBytes, formatDuration, formatOptions } from '../../../local/cli/reporter.js';

describe('the npm start summary', () => {
  it('shows a file under the working directory relative to it', () => {
    expect(displayPath('/home/me/project/downloads/Song - Band.mp3', '/home/me/project')).toBe(
      'downloads/Song - Band.mp3',
    );
  });

  it('shows a file elsewhere by its absolute path, never as ../../', () => {
    expect(displayPath('/tmp/out/Song - Band.mp3', '/home/me/project')).toBe('/tmp/out/Song - Band.mp3');
  });

  it('writes durations and sizes as a person reads them', () => {
    expect(formatDuration(20)).toBe('0:20');
    expect(formatBytes(481_607)).toBe('470.3 KiB');
  });

  it('names the rendition the job asked for, trim points as typed', () => {
    expect(formatOptions('mp3', { quality: 'V2', startSeconds: 1, endSeconds: 3, coverArt: false })).toBe(
      'mp3 VBR V2, 0:01–0:03, no cover art',
    );
    expect(formatOptions('mp3', { coverArt: true })).toBe('mp3 192 kbit/s');
    expect(formatOptions('opus', { startSeconds: 90.5, coverArt: true })).toBe('opus, 1:30.5–end');
    expect(formatOptions('m4a', null)).toBe('m4a');
  });
});
