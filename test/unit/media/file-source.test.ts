import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidSource, SourceUnreachable, VideoUnavailable } from '../../../functions/shared/errors.js';
import { ffprobeError } from '../../../functions/shared/media/ffprobe.js';
import { resolveSource } from '../../../functions/shared/media/resolve-source.js';
import { generateClip, tempDirectory } from '../../support/media.js';
import { generatePicture, generatePicturedClip } from '../../support/pictured-media.js';
import { mediaConfig } from '../../support/youtube-config.js';

const allowFiles = mediaConfig({ ALLOW_FILE_SOURCES: true });

describe('file driver', () => {
  let clip: string;
  let directory: string;

  beforeAll(async () => {
    directory = tempDirectory();
    clip = await generateClip({ seconds: 2, codec: 'mp3', title: 'Local Tone', artist: 'Disk', directory });
  });

  it('is refused unless ALLOW_FILE_SOURCES is on', () => {
    expect(() => resolveSource(pathToFileURL(clip).href, mediaConfig())).toThrow(InvalidSource);
  });

  it('probes a local clip and gives ffmpeg its path', async () => {
    const source = resolveSource(pathToFileURL(clip).href, allowFiles);
    expect(source.kind).toBe('file');
    const info = await source.probe();
    expect(info).toMatchObject({ title: 'Local Tone', author: 'Disk', audioCodec: 'mp3', isLive: false });
    expect(Math.abs(info.durationSeconds - 2)).toBeLessThan(0.5);
    await expect(source.openAudio()).resolves.toEqual({ type: 'url', url: clip });
  });

  it('reads chapters and notes an embedded picture of an mp3 (ID3 CHAP and APIC)', async () => {
    const picture = await generatePicture(directory, 64, 48);
    const pictured = await generatePicturedClip({
      directory,
      ext: 'mp3',
      seconds: 6,
      picture,
      chapters: [
        { startSeconds: 0, title: 'Opening' },
        { startSeconds: 2.5, title: 'Middle \u0007bell' },
        { startSeconds: 4, title: 'Close' },
      ],
    });
    const info = await resolveSource(pathToFileURL(pictured).href, allowFiles).probe();
    expect(info.embeddedPicture).toBe(true);
    expect(info.chapters).toEqual([
      { startSeconds: 0, title: 'Opening' },
      { startSeconds: 2.5, title: 'Middle bell' },
      { startSeconds: 4, title: 'Close' },
    ]);
  });

  it('reports no chapters and no picture for a plain clip (so Extract does not look for one again)', async () => {
    const info = await resolveSource(pathToFileURL(clip).href, allowFiles).probe();
    expect(info).not.toHaveProperty('chapters');
    expect(info.embeddedPicture).toBe(false);
  });

  it('reports a missing file as VideoUnavailable', async () => {
    const source = resolveSource(pathToFileURL(join(directory, 'nope.mp3')).href, allowFiles);
    await expect(source.probe()).rejects.toThrow(VideoUnavailable);
    await expect(source.openAudio()).rejects.toThrow(VideoUnavailable);
  });

  it('reports a file that is not media as InvalidSource', async () => {
    const text = join(directory, 'notes.mp3');
    writeFileSync(text, 'just some text, not audio at all\n'.repeat(50));
    await expect(resolveSource(pathToFileURL(text).href, allowFiles).probe()).rejects.toThrow(InvalidSource);
  });
});

describe('ffprobeError', () => {
  it.each([
    [
      '[http @ 0x1] HTTP error 404 Not Found\nhttp://x/a.mp3: Server returned 404 Not Found',
      VideoUnavailable,
    ],
    ['http://x/a.mp3: Server returned 5XX Server Error reply', SourceUnreachable],
    ['[tcp @ 0x1] Connection to tcp://x:80 failed: Connection refused', SourceUnreachable],
    ['http://x/a.mp3: Invalid data found when processing input', InvalidSource],
  ])('maps %j', (stderr, errorClass) => {
    expect(ffprobeError(stderr, 'the source')).toBeInstanceOf(errorClass);
  });
});
