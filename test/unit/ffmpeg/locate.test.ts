import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateFfmpeg, locateFfprobe } from '../../../functions/shared/ffmpeg/locate.js';
import { tempDirectory } from '../../support/media.js';

function fakeBinary(directory: string, name: string): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

describe('locateFfmpeg', () => {
  const root = tempDirectory('audio-sync-locate-');
  const configured = fakeBinary(join(root, 'configured'), 'my-ffmpeg');
  const onPath = fakeBinary(join(root, 'bin'), 'ffmpeg');
  const pathVariable = [join(root, 'empty'), join(root, 'bin')].join(delimiter);

  it('prefers FFMPEG_PATH over anything on PATH', () => {
    expect(locateFfmpeg({ configured, pathVariable, useStatic: false })).toBe(configured);
  });

  it('falls back to the first ffmpeg on PATH', () => {
    expect(locateFfmpeg({ pathVariable, useStatic: false })).toBe(onPath);
  });

  it('rejects an FFMPEG_PATH that is not executable, naming it and how to install ffmpeg', () => {
    const missing = join(root, 'nowhere', 'ffmpeg');
    expect(() => locateFfmpeg({ configured: missing, pathVariable })).toThrow(
      expect.objectContaining({
        name: 'ToolMissing',
        message: expect.stringContaining(`FFMPEG_PATH=${missing}`),
      }),
    );
  });

  it('says how to install ffmpeg when none is found', () => {
    expect(() => locateFfmpeg({ pathVariable: join(root, 'empty'), useStatic: false })).toThrow(
      expect.objectContaining({
        name: 'ToolMissing',
        message: expect.stringMatching(/apt-get install ffmpeg/),
      }),
    );
  });
});

describe('locateFfprobe', () => {
  it('finds ffprobe beside the ffmpeg that was found before looking on PATH', () => {
    const root = tempDirectory('audio-sync-locate-');
    const ffmpeg = fakeBinary(join(root, 'tools'), 'ffmpeg');
    const beside = fakeBinary(join(root, 'tools'), 'ffprobe');
    fakeBinary(join(root, 'bin'), 'ffprobe');
    expect(locateFfprobe({ ffmpegPath: ffmpeg, pathVariable: join(root, 'bin') })).toBe(beside);
  });
});
