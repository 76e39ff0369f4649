/** The AWS canary's check from a machine that reaches YouTube: `npm run test:live` (left out of `npm test`). */
import { describe, expect, it } from 'vitest';
import { runCanary } from '../../functions/canary/canary.js';
import { DEFAULT_CANARY_VIDEO_URL } from '../../functions/canary/config.js';
import { resolveSource } from '../../functions/shared/media/resolve-source.js';
import { liveMediaConfig } from '../support/youtube-config.js';

describe('YouTube canary, live', () => {
  it('validates the canary video and decodes its first 10 seconds', async () => {
    const result = await runCanary({
      resolveSource: (url) => resolveSource(url, liveMediaConfig()),
      ffmpegPath: () => 'ffmpeg',
      videoUrl: process.env.CANARY_VIDEO_URL ?? DEFAULT_CANARY_VIDEO_URL,
      sampleSeconds: 10,
    });
    expect(result).toMatchObject({ ok: true });
  });
});
