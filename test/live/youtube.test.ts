/** Contract test against the real YouTube: `npm run test:live` (CI machines cannot reach YouTube, so `npm test` leaves test/live out). */
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../functions/shared/media/resolve-source.js';
import { liveMediaConfig } from '../support/youtube-config.js';

// Each driver on its own; YT_LIVE_DRIVERS narrows them, YOUTUBE_CLIENTS etc. come from the environment.
const drivers = (process.env.YT_LIVE_DRIVERS ?? liveMediaConfig().YOUTUBE_DRIVERS.join(',')).split(',') as (
  'youtubei' | 'ytdlp'
)[];

describe('YouTube live contract', () => {
  it.each(drivers)('%s probes a long-lived public video', async (driver) => {
    const source = resolveSource(
      'https://youtu.be/jNQXAC9IVRw',
      liveMediaConfig({ YOUTUBE_DRIVERS: [driver] }),
    );
    const info = await source.probe();
    expect(info).toMatchObject({ id: 'jNQXAC9IVRw', isLive: false });
    expect(info.title.length).toBeGreaterThan(0);
    expect(info.durationSeconds).toBeGreaterThan(10);
    const audio = await source.openAudio();
    if (audio.type === 'stream') expect((await buffer(audio.stream)).length).toBeGreaterThan(10_000);
  });
});
