/**
 * Extraction from the fake googlevideo with real ffmpeg: m4a copies YouTube's AAC (itag 140), opus
 * copies its Opus (itag 251), packet for packet; a video with a dub gives the original track.
 */
import { DEFAULT_AUDIO_OPTIONS } from '../../functions/shared/contract/audio-options.js';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { produceRendition, type ExtractDeps } from '../../functions/extract/extract-audio.js';
import { resolveSource } from '../../functions/shared/media/resolve-source.js';
import type { AudioFormat } from '../../functions/shared/types.js';
import { probeAudioCodec, tempDirectory } from '../support/media.js';
import { mediaConfig } from '../support/youtube-config.js';
import { DUBBED_ID, DUBBED_XTAGS, dubbedVideo, ORIGINAL_XTAGS } from '../support/youtube-built.js';
import { startFakeYoutube, type FakeYoutube } from '../support/youtube-fake.js';
import { CASES } from '../support/youtube-recorded.js';
import { capturingS3 } from '../unit/extract/extract-fixture.js';
import { audioPacketsHash } from '../support/probe-media.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
let youtube: FakeYoutube;
const directory = tempDirectory('youtube-copies-');
beforeAll(async () => {
  youtube = await startFakeYoutube({ videos: { [DUBBED_ID]: { VISIONOS: dubbedVideo() } } });
});
afterAll(async () => {
  await youtube.close();
  rmSync(directory, { recursive: true, force: true });
});

async function extract(videoId: string, format: AudioFormat) {
  youtube.requests.splice(0);
  const s3 = capturingS3();
  const deps: ExtractDeps = {
    s3: s3.s3,
    bucket: 'media-bucket',
    media: { recordRendition: vi.fn(async () => undefined) },
    jobs: { update: vi.fn(async () => undefined), recordProgress: vi.fn(async () => undefined) },
    resolveSource: (url) =>
      resolveSource(url, mediaConfig({ YOUTUBE_DRIVERS: ['youtubei'] }), {
        fetch: youtube.fetch,
        youtubei: { playerCacheDir: directory },
      }),
    ffmpegPath: () => 'ffmpeg',
    idempotency: {} as ExtractDeps['idempotency'],
  };
  const video = { videoId, title: 'Lecture', author: 'Berkman Klein', durationSeconds: 4, cached: false };
  await produceRendition(
    {
      jobId: 'job-1',
      url: `https://www.youtube.com/watch?v=${videoId}`,
      format,
      options: DEFAULT_AUDIO_OPTIONS,
      video,
    },
    deps,
  );
  return s3.saveTo(directory, `${videoId}-${format}.${format}`);
}

async function bitRate(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=bit_rate',
    '-of',
    'csv=p=0',
    path,
  ]);
  return Number(stdout.trim());
}

describe('YouTube stream choice by target format', () => {
  it.each([
    ['m4a', 140, 'aac'],
    ['opus', 251, 'opus'],
  ] as const)('%s fetches itag %i and copies its %s packets unchanged', async (format, itag, codec) => {
    const saved = await extract(CASES.cclicensed, format);
    expect(youtube.mediaItags()).toEqual([itag]);
    const source = await youtube.audioPath(itag);
    expect(await probeAudioCodec(saved)).toBe(codec);
    // A copy: the same packets, so the same codec and bitrate as YouTube's stream.
    expect(await audioPacketsHash(saved)).toBe(await audioPacketsHash(source));
    expect(Math.abs((await bitRate(saved)) - (await bitRate(source))) / (await bitRate(source))).toBeLessThan(
      0.1,
    );
  });

  it('mp3 encodes the highest-bitrate audio format', async () => {
    const saved = await extract(CASES.cclicensed, 'mp3');
    // In the recording itag 140 (130.8 kbit/s) outranks 251 (120.8 kbit/s).
    expect(youtube.mediaItags()).toEqual([140]);
    expect(await probeAudioCodec(saved)).toBe('mp3');
  });

  it.each(['opus', 'm4a'] as const)(
    'takes the original track of a dubbed video for %s, not the dub',
    async (format) => {
      const saved = await extract(DUBBED_ID, format);
      const fetched = youtube.requests.filter((request) => request.itag !== undefined);
      expect(fetched.map((request) => request.query?.get('xtags'))).toEqual([ORIGINAL_XTAGS]);
      expect(fetched[0]?.query?.get('xtags')).not.toBe(DUBBED_XTAGS);
      const source = await youtube.audioPath(format === 'opus' ? 251 : 140, ORIGINAL_XTAGS);
      expect(await audioPacketsHash(saved)).toBe(await audioPacketsHash(source));
    },
  );
});
