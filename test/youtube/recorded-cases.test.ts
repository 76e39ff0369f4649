/**
 * Validate against the fake InnerTube, case by case of test/fixtures/youtube/README.md (and the
 * cases built from their shapes): what the user is told, and what an operator is told.
 */
import { DEFAULT_AUDIO_OPTIONS } from '../../functions/shared/contract/audio-options.js';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSource } from '../../functions/shared/media/resolve-source.js';
import type { MediaSourceConfig } from '../../functions/shared/media/types.js';
import { validateVideo } from '../../functions/validate/validate-video.js';
import { tempDirectory } from '../support/media.js';
import { mediaConfig } from '../support/youtube-config.js';
import { UNPLAYABLE_2026, unplayable } from '../support/youtube-built.js';
import { startFakeYoutube, type FakeYoutube, type FakeYoutubeOptions } from '../support/youtube-fake.js';
import { fakeYtdlp } from '../support/youtube-fake-ytdlp.js';
import { hostilePlayer } from '../support/youtube-player.js';
import { CASES } from '../support/youtube-recorded.js';
import { validateWorld } from '../unit/validate/validate-fixture.js';

const BUILT_ID = 'bU1ltV1d30x';
const directories: string[] = [];
const fakes: FakeYoutube[] = [];
let youtube: FakeYoutube;
beforeAll(async () => {
  youtube = await startFakeYoutube();
});
afterAll(async () => {
  await Promise.all([youtube, ...fakes].map((fake) => fake.close()));
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function fake(options: FakeYoutubeOptions) {
  const started = await startFakeYoutube(options);
  fakes.push(started);
  return started;
}

/** Validate of one video, with the real source resolver on `server` (youtubei only, unless configured). */
async function validate(videoId: string, server = youtube, config: Partial<MediaSourceConfig> = {}) {
  const playerCacheDir = tempDirectory('player-cache-');
  directories.push(playerCacheDir);
  server.requests.splice(0);
  const source = resolveSource(
    `https://www.youtube.com/watch?v=${videoId}`,
    mediaConfig({ YOUTUBE_DRIVERS: ['youtubei'], ...config }),
    { fetch: server.fetch, youtubei: { playerCacheDir }, pathVariable: playerCacheDir },
  );
  const world = validateWorld({ source });
  return validateVideo(
    { jobId: 'job-1', url: source.url, format: 'mp3', options: DEFAULT_AUDIO_OPTIONS },
    world.deps,
  ).then(
    (summary) => ({ summary, error: undefined }),
    (error: unknown) => ({ summary: undefined, error: error as Error }),
  );
}

const clientsAsked = (server: FakeYoutube) =>
  server.requests.filter((request) => request.client).map((request) => request.client);

describe('recorded cases', () => {
  it.each([
    ['cclicensed', ['VISIONOS']],
    ['unlisted', ['VISIONOS']],
    // VISIONOS: "This video is not available"; ANDROID_VR: SABR only; TV: ciphered, solved in the sandbox.
    ['ratingsdisabled', ['VISIONOS', 'ANDROID_VR', 'TVHTML5']],
  ] as const)('accepts %s, asking %j', async (name, clients) => {
    const { summary, error } = await validate(CASES[name]);
    expect(error).toBeUndefined();
    expect(summary).toMatchObject({ videoId: CASES[name], durationSeconds: 4, cached: false });
    expect(summary?.audioCodec).toMatch(/^(aac|opus)$/);
    expect(clientsAsked(youtube)).toEqual(clients);
  });

  it('rejects the live stream as VideoIsLive', async () => {
    expect((await validate(CASES.livestream)).error).toMatchObject({ name: 'VideoIsLive' });
  });

  it.each([
    ['privatecontent', 'it is private'],
    ['restricted', 'it is not available in this country'],
    ['nonexistent', 'does not exist'],
  ] as const)('rejects %s as VideoUnavailable (%s) on the first answer', async (name, reason) => {
    const { error } = await validate(CASES[name]);
    expect(error).toMatchObject({ name: 'VideoUnavailable', transient: false });
    expect(error?.message).toContain(reason);
    expect(clientsAsked(youtube)).toHaveLength(1);
  });
});

describe('cases built from the recorded shapes', () => {
  it.each<[keyof typeof UNPLAYABLE_2026, string]>([
    ['membersOnly', 'it is for channel members only'],
    ['musicPremium', 'it needs a YouTube Music Premium subscription'],
    ['ageGated', 'it is age-restricted'],
    ['removed', 'it has been removed'],
    ['terminated', 'it has been removed'],
  ])('rejects %s as VideoUnavailable with a plain reason, never retried', async (name, reason) => {
    const [status, text] = UNPLAYABLE_2026[name];
    const server = await fake({ videos: { [BUILT_ID]: { '*': unplayable(BUILT_ID, status, text) } } });
    const { error } = await validate(BUILT_ID, server);
    expect(error).toMatchObject({ name: 'VideoUnavailable' });
    expect(error?.message).toContain(reason);
    expect(clientsAsked(server)).toEqual(['VISIONOS']);
  });

  it('says SourceBlocked when every client meets the bot check', async () => {
    const server = await fake({
      videos: { [BUILT_ID]: { '*': unplayable(BUILT_ID, ...UNPLAYABLE_2026.botCheck) } },
    });
    const { error } = await validate(BUILT_ID, server);
    expect(error).toMatchObject({ name: 'SourceBlocked' });
    expect(clientsAsked(server)).toEqual(['VISIONOS', 'ANDROID_VR', 'TVHTML5', 'WEB_EMBEDDED_PLAYER']);
  });
});

describe('deployment problems fail Validate as ExtractorOutdated, not as the user’s rejection', () => {
  it('SABR-only answers on every client, and a yt-dlp that finds no format either', async () => {
    const server = await fake({
      answers: { VISIONOS: 'sabr', TVHTML5: 'sabr', WEB_EMBEDDED_PLAYER: 'sabr' },
    });
    const ytdlp = fakeYtdlp({
      probe: {
        stderr:
          'WARNING: [youtube] it3OtbTxQk0: Some web client https formats have been skipped as they are missing a url. YouTube is forcing SABR streaming for this client.\nERROR: [youtube] it3OtbTxQk0: Requested format is not available.',
        code: 1,
      },
    });
    const { error } = await validate(CASES.cclicensed, server, {
      YOUTUBE_DRIVERS: ['youtubei', 'ytdlp'],
      YTDLP_PATH: ytdlp.path,
    });
    expect(error).toMatchObject({ name: 'ExtractorOutdated', transient: false });
    expect(error?.message).toMatch(/youtubei: .*SABR-only.*; ytdlp: /);
    expect(error?.message).toContain('deployment problem: update yt-dlp / change client order');
  });

  it('a player script whose n-challenge solver no longer extracts', async () => {
    const server = await fake({ playerScript: 'var _yt_player={};' });
    const { error } = await validate(CASES.cclicensed, server, { YOUTUBE_CLIENTS: ['TV'] });
    expect(error).toMatchObject({ name: 'ExtractorOutdated' });
    expect(error?.message).toMatch(/TV: deciphering failed/);
  });

  it('a player script that never returns is stopped by the sandbox timeout', async () => {
    const server = await fake({ playerScript: hostilePlayer('for (;;) {}') });
    const { error } = await validate(CASES.cclicensed, server, { YOUTUBE_CLIENTS: ['TV'] });
    expect(error).toMatchObject({ name: 'ExtractorOutdated' });
    expect(error?.message).toMatch(/TV: deciphering failed: .*timed out/);
  });
});
