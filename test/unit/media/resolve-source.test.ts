import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceBlocked, ToolMissing, VideoUnavailable } from '../../../functions/shared/errors.js';
import { resolveSource, youtubeDrivers } from '../../../functions/shared/media/resolve-source.js';
import type { MediaSourceConfig } from '../../../functions/shared/media/types.js';
import { tempDirectory } from '../../support/media.js';
import { mediaConfig } from '../../support/youtube-config.js';
import { recording } from '../../support/youtube-recorded.js';
import { fakeYtdlp, ytdlpVideoJson } from '../../support/youtube-fake-ytdlp.js';
import { UNPLAYABLE_2026, unplayable } from '../../support/youtube-built.js';
import { startFakeYoutube, type FakeYoutube } from '../../support/youtube-fake.js';

const ID = 'dQw4w9WgXcQ';
const URL = `https://youtu.be/${ID}?si=share`;
const emptyPath = tempDirectory('no-tools-');
const playerCacheDir = tempDirectory('player-cache-');
let fake: FakeYoutube;
let blocked: FakeYoutube;
let privateVideo: FakeYoutube;
beforeAll(async () => {
  // The recorded public video's answer served for ID, and the same id as private or bot-checked.
  const cclicensed = recording('cclicensed', 'visionos').response;
  fake = await startFakeYoutube({ videos: { [ID]: { '*': cclicensed } } });
  blocked = await startFakeYoutube({
    videos: { [ID]: { '*': unplayable(ID, ...UNPLAYABLE_2026.botCheck) } },
  });
  privateVideo = await startFakeYoutube({
    videos: { [ID]: { '*': recording('privatecontent', 'android').response } },
  });
});
afterAll(async () => {
  await Promise.all([fake.close(), blocked.close(), privateVideo.close()]);
  for (const directory of [emptyPath, playerCacheDir]) rmSync(directory, { recursive: true, force: true });
});

function youtube(config: Partial<MediaSourceConfig>, server: () => FakeYoutube = () => fake) {
  const source = resolveSource(URL, mediaConfig(config), {
    fetch: server().fetch,
    youtubei: { playerCacheDir },
    pathVariable: emptyPath,
  });
  return { source, fake: server() };
}

describe('resolveSource', () => {
  it('picks the driver from the URL', () => {
    expect(resolveSource(URL, mediaConfig(), { pathVariable: emptyPath })).toMatchObject({
      kind: 'youtube',
      videoId: 'dQw4w9WgXcQ',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    });
    expect(resolveSource('https://media.example.com/a.mp3', mediaConfig()).kind).toBe('http');
  });

  it('tries youtubei first by default and does not run yt-dlp when it answers', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson({ uploader: 'from yt-dlp' }) } });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path });
    await expect(source.probe()).resolves.toMatchObject({
      author: 'The Berkman Klein Center for Internet & Society',
    });
    expect(ytdlp.calls()).toEqual([]);
  });

  it('honours YOUTUBE_DRIVERS=ytdlp,youtubei', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson({ uploader: 'from yt-dlp' }) } });
    const requestsBefore = fake.requests.length;
    const { source } = youtube({ YOUTUBE_DRIVERS: ['ytdlp', 'youtubei'], YTDLP_PATH: ytdlp.path });
    await expect(source.probe()).resolves.toMatchObject({ author: 'from yt-dlp' });
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('falls back to yt-dlp when youtubei.js meets a bot check', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson({ uploader: 'from yt-dlp' }) } });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, () => blocked);
    await expect(source.probe()).resolves.toMatchObject({ author: 'from yt-dlp' });
  });

  it('does not fall back on a private video', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson() } });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, () => privateVideo);
    await expect(source.probe()).rejects.toBeInstanceOf(VideoUnavailable);
    expect(ytdlp.calls().filter((args) => args.includes('-J'))).toEqual([]);
  });

  it('reports SourceBlocked when both drivers meet a bot check', async () => {
    const ytdlp = fakeYtdlp({
      probe: { stderr: "ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you're not a bot", code: 1 },
    });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, () => blocked);
    await expect(source.probe()).rejects.toBeInstanceOf(SourceBlocked);
  });

  it('skips yt-dlp when no binary is found, and fails with ToolMissing if it was the only driver', async () => {
    expect(youtubeDrivers(mediaConfig(), { pathVariable: emptyPath }).map((driver) => driver.name)).toEqual([
      'youtubei',
    ]);
    const { source } = youtube({ YOUTUBE_DRIVERS: ['ytdlp'], YTDLP_PATH: `${emptyPath}/yt-dlp` });
    await expect(source.probe()).rejects.toBeInstanceOf(ToolMissing);
  });

  it('finds yt-dlp on PATH when YTDLP_PATH is unset', () => {
    const ytdlp = fakeYtdlp({});
    const names = youtubeDrivers(mediaConfig({ YOUTUBE_DRIVERS: ['ytdlp'] }), {
      pathVariable: ytdlp.path.replace(/\/yt-dlp$/, ''),
    }).map((driver) => driver.name);
    expect(names).toEqual(['ytdlp']);
  });

  it('keeps youtubei.js behind a socks proxy: the egress door chains it for every driver', () => {
    const ytdlp = fakeYtdlp({});
    const drivers = youtubeDrivers(
      mediaConfig({ SOURCE_PROXY_URL: 'socks5://proxy.example:1080', YTDLP_PATH: ytdlp.path }),
    );
    expect(drivers.map((driver) => driver.name)).toEqual(['youtubei', 'ytdlp']);
  });
});
