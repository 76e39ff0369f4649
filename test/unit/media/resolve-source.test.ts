import { describe, expect, it } from 'vitest';
import { SourceBlocked, ToolMissing, VideoUnavailable } from '../../../functions/shared/errors.js';
import { resolveSource, youtubeDrivers } from '../../../functions/shared/media/resolve-source.js';
import type { MediaSourceConfig } from '../../../functions/shared/media/types.js';
import { tempDirectory } from '../../support/media.js';
import { mediaConfig } from '../../support/youtube-config.js';
import { fakeYtdlp, ytdlpVideoJson } from '../../support/youtube-fake-ytdlp.js';
import { fakeInnertube, playerResponse, type FakeInnertubeOptions } from '../../support/youtube-innertube.js';

const URL = 'https://youtu.be/dQw4w9WgXcQ?si=share';
const emptyPath = tempDirectory('no-tools-');

function youtube(config: Partial<MediaSourceConfig>, innertube: FakeInnertubeOptions = {}) {
  const fake = fakeInnertube(innertube);
  const source = resolveSource(URL, mediaConfig(config), {
    fetch: fake.fetch,
    youtubei: { retrievePlayer: false, generateSessionLocally: true },
    pathVariable: emptyPath,
  });
  return { source, fake };
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
    await expect(source.probe()).resolves.toMatchObject({ author: 'Rick Astley' });
    expect(ytdlp.calls()).toEqual([]);
  });

  it('honours YOUTUBE_DRIVERS=ytdlp,youtubei', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson({ uploader: 'from yt-dlp' }) } });
    const { source, fake } = youtube({ YOUTUBE_DRIVERS: ['ytdlp', 'youtubei'], YTDLP_PATH: ytdlp.path });
    await expect(source.probe()).resolves.toMatchObject({ author: 'from yt-dlp' });
    expect(fake.requests).toEqual([]);
  });

  it('falls back to yt-dlp when youtubei.js meets a bot check', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson({ uploader: 'from yt-dlp' }) } });
    const player = playerResponse({
      status: 'LOGIN_REQUIRED',
      reason: "Sign in to confirm you're not a bot",
    });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, { player });
    await expect(source.probe()).resolves.toMatchObject({ author: 'from yt-dlp' });
  });

  it('does not fall back on a private video', async () => {
    const ytdlp = fakeYtdlp({ probe: { stdout: ytdlpVideoJson() } });
    const player = playerResponse({ status: 'LOGIN_REQUIRED', reason: 'This video is private' });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, { player });
    await expect(source.probe()).rejects.toBeInstanceOf(VideoUnavailable);
    expect(ytdlp.calls().filter((args) => args.includes('-J'))).toEqual([]);
  });

  it('reports SourceBlocked when both drivers meet a bot check', async () => {
    const ytdlp = fakeYtdlp({
      probe: { stderr: "ERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you're not a bot", code: 1 },
    });
    const player = playerResponse({
      status: 'LOGIN_REQUIRED',
      reason: "Sign in to confirm you're not a bot",
    });
    const { source } = youtube({ YTDLP_PATH: ytdlp.path }, { player });
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

  it('skips youtubei.js behind a socks proxy, which only yt-dlp can use', () => {
    const ytdlp = fakeYtdlp({});
    const drivers = youtubeDrivers(
      mediaConfig({ SOURCE_PROXY_URL: 'socks5://proxy.example:1080', YTDLP_PATH: ytdlp.path }),
    );
    expect(drivers.map((driver) => driver.name)).toEqual(['ytdlp']);
  });
});
