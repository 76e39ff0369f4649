import { describe, expect, it } from 'vitest';
import { displayPath, formatBytes, formatDuration } from '../../../local/cli/reporter.js';

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
});
