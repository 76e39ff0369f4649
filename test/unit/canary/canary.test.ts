import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCanary } from '../../../functions/canary/canary.js';
import { SourceBlocked } from '../../../functions/shared/errors.js';
import type { AudioInput, MediaSource } from '../../../functions/shared/media/types.js';
import type { MediaInfo } from '../../../functions/shared/types.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../../support/media.js';

let directory: string;
let server: MediaServer;
beforeAll(async () => {
  directory = tempDirectory('canary-');
  server = await startMediaServer();
  server.serveFile('/clip.webm', await generateClip({ seconds: 15, codec: 'opus', directory }), 'audio/webm');
  server.serveFile(
    '/short.webm',
    await generateClip({ seconds: 3, codec: 'opus', directory, name: 'short' }),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

const INFO: MediaInfo = {
  id: 'jNQXAC9IVRw',
  title: 'Me at the zoo',
  author: 'jawed',
  durationSeconds: 19,
  isLive: false,
  audioCodec: 'opus',
} as MediaInfo;

/** A YouTube source whose probe and audio are given. */
function fakeSource(probe: () => Promise<MediaInfo>, open: () => Promise<AudioInput>): MediaSource {
  return {
    kind: 'youtube',
    videoId: INFO.id,
    url: 'https://www.youtube.com/watch?v=jNQXAC9IVRw',
    probe,
    openAudio: open,
  };
}

const canary = (source: MediaSource) =>
  runCanary({
    resolveSource: () => source,
    ffmpegPath: () => 'ffmpeg',
    videoUrl: source.url,
    sampleSeconds: 10,
  });

describe('the YouTube canary', () => {
  it('passes when the video probes and its first 10 seconds decode', async () => {
    const result = await canary(
      fakeSource(
        async () => INFO,
        async () => ({ type: 'url', url: server.url('/clip.webm') }),
      ),
    );
    expect(result).toMatchObject({ ok: true, videoId: INFO.id });
    expect(result.sampledSeconds).toBeCloseTo(10, 1);
  });

  it('fails at validate with the driver error when YouTube blocks the probe', async () => {
    const result = await canary(
      fakeSource(
        () => Promise.reject(new SourceBlocked('Sign in to confirm you’re not a bot')),
        () => Promise.reject(new Error('never opened')),
      ),
    );
    expect(result).toMatchObject({ ok: false, step: 'validate', errorName: 'SourceBlocked' });
  });

  it('fails at validate with ExtractorOutdated when no downloadable audio format is listed (SABR-only)', async () => {
    const result = await canary(
      fakeSource(
        async () => ({ ...INFO, audioCodec: undefined }),
        () => Promise.reject(new Error('never')),
      ),
    );
    expect(result).toMatchObject({ ok: false, step: 'validate', errorName: 'ExtractorOutdated' });
  });

  it('fails at extract when googlevideo refuses the audio', async () => {
    const result = await canary(
      fakeSource(
        async () => INFO,
        async () => ({ type: 'url', url: server.url('/forbidden.webm') }),
      ),
    );
    expect(result).toMatchObject({ ok: false, step: 'extract', errorName: 'SourceUnreachable' });
  });

  it('fails at extract when the audio ends long before the seconds asked', async () => {
    const result = await canary(
      fakeSource(
        async () => INFO,
        async () => ({ type: 'url', url: server.url('/short.webm') }),
      ),
    );
    expect(result).toMatchObject({ ok: false, step: 'extract', errorName: 'ExtractorOutdated' });
    expect(result.message).toMatch(/of the 10 s asked/);
  });
});
