// The fast path on YouTube: a long mp3 from the youtubei driver's googlevideo stream is decoded once and
// encoded by two workers, and the stored file has the samples of one encode of the same itag.
import { execFile } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { produceRendition, type ExtractDeps } from '../../../functions/extract/extract-audio.js';
import { encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { DEFAULT_SEGMENT_SECONDS } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import { segmentPlan } from '../../../functions/shared/ffmpeg/parallel-plan.js';
import { resolveSource } from '../../../functions/shared/media/resolve-source.js';
import type { MediaSource } from '../../../functions/shared/media/types.js';
import { capturingS3, extractRequest } from '../extract/extract-fixture.js';
import { LIKE_THE_PARALLEL_ENCODER, tempDirectory } from '../../support/media.js';
import { mediaConfig } from '../../support/youtube-config.js';
import { startFakeYoutube, type FakeYoutube } from '../../support/youtube-fake.js';
import { CASES } from '../../support/youtube-recorded.js';

const run = promisify(execFile);
// The shortest video extract encodes in parallel (PARALLEL_MP3_MIN_SECONDS).
const SECONDS = 300;
let directory: string;
let youtube: FakeYoutube;
let source: () => MediaSource;

async function decodeLeft(path: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '2', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
  return samples.filter((_, index) => index % 2 === 0);
}

beforeAll(async () => {
  directory = tempDirectory('parallel-youtube-');
  youtube = await startFakeYoutube({ seconds: SECONDS });
  const url = `https://www.youtube.com/watch?v=${CASES.cclicensed}`;
  source = () =>
    resolveSource(url, mediaConfig({ YOUTUBE_DRIVERS: ['youtubei'] }), {
      fetch: youtube.fetch,
      youtubei: { playerCacheDir: join(directory, 'player') },
    });
});
afterAll(async () => {
  await youtube.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('a long mp3 from YouTube', () => {
  it('is encoded by the parallel encoder from the googlevideo stream, with exactly the samples of one encode', async () => {
    const info = await source().probe();
    expect(info.durationSeconds).toBe(SECONDS);
    // An ffmpeg that counts its runs in a file beside itself.
    const ffmpeg = join(directory, 'ffmpeg');
    writeFileSync(ffmpeg, `#!/bin/sh\necho run >> "$0.runs"\nexec /usr/bin/ffmpeg "$@"\n`);
    chmodSync(ffmpeg, 0o755);
    const s3 = capturingS3();
    const deps: ExtractDeps = {
      s3: s3.s3,
      bucket: 'media-bucket',
      media: { recordRendition: vi.fn(async () => undefined) },
      jobs: { update: vi.fn(async () => undefined), recordProgress: vi.fn(async () => undefined) },
      resolveSource: source,
      ffmpegPath: () => ffmpeg,
      idempotency: { persistenceStore: undefined as never },
      encoderWorkers: 2,
    };
    const request = extractRequest('mp3', {
      videoId: CASES.cclicensed,
      durationSeconds: info.durationSeconds,
    });

    await produceRendition(request, deps);

    const runs = existsSync(`${ffmpeg}.runs`)
      ? readFileSync(`${ffmpeg}.runs`, 'utf8').trim().split('\n')
      : [];
    // One decoder reading googlevideo, one encoder per segment.
    expect(runs).toHaveLength(1 + segmentPlan(SECONDS, DEFAULT_SEGMENT_SECONDS, 2).count);
    const media = youtube.requests.filter((entry) => entry.itag !== undefined);
    expect(media.length).toBeGreaterThan(0);
    expect(media.every((entry) => /^\d+-\d+$/.test(entry.query?.get('range') ?? ''))).toBe(true);

    // The reference: the same itag's bytes, encoded by one ffmpeg fed and encoding as the parallel encoder's.
    const opened = await source().openAudio(undefined, 'mp3');
    if (opened.type !== 'stream') throw new Error('expected the driver to stream googlevideo');
    const itagFile = join(directory, `itag.${opened.container ?? 'bin'}`);
    await pipeline(opened.stream, createWriteStream(itagFile));
    const single = join(directory, 'single.mp3');
    const mp3 = encoderArgs({ format: 'mp3' });
    await run('ffmpeg', [
      '-v',
      'error',
      '-i',
      itagFile,
      ...mp3.slice(0, -1),
      ...LIKE_THE_PARALLEL_ENCODER,
      single,
    ]);
    const reference = await decodeLeft(single);
    const joined = await decodeLeft(s3.saveTo(directory, 'joined.mp3'));

    expect(joined.length).toBe(reference.length);
    let largest = 0;
    for (let index = 0; index < reference.length; index++)
      largest = Math.max(largest, Math.abs(joined[index]! - reference[index]!));
    expect(largest).toBe(0);
    // Five minutes of audio (seven itags generated, two encodes) on cores shared with the rest of the suite.
  }, 600_000);
});
