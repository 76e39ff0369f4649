import { rmSync } from 'node:fs';
import { buffer } from 'node:stream/consumers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SourceUnreachable } from '../../../functions/shared/errors.js';
import { DriverUnusable } from '../../../functions/shared/media/youtube/messages.js';
import {
  youtubeiDriver,
  type YoutubeiOptions,
} from '../../../functions/shared/media/youtube/youtubei-driver.js';
import { Constants } from 'youtubei.js';
import { SUPPORTED_CLIENTS } from '../../../functions/shared/media/youtube/clients.js';
import { tempDirectory } from '../../support/media.js';
import { startFakeYoutube, type FakeYoutube, type FakeYoutubeOptions } from '../../support/youtube-fake.js';
import { PLAYER_ID } from '../../support/youtube-player.js';
import { CASES } from '../../support/youtube-recorded.js';

const fakes: FakeYoutube[] = [];
const directories: string[] = [];
const playerCache = () => {
  const directory = tempDirectory('player-cache-');
  directories.push(directory);
  return directory;
};
let youtube: FakeYoutube;
beforeAll(async () => {
  youtube = await startFakeYoutube();
});
afterAll(async () => {
  await youtube.close();
  await Promise.all(fakes.map((fake) => fake.close()));
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});
afterEach(() => void youtube.requests.splice(0));

async function fake(options: FakeYoutubeOptions): Promise<FakeYoutube> {
  const started = await startFakeYoutube(options);
  fakes.push(started);
  return started;
}

function driverFor(server: FakeYoutube, options: Partial<YoutubeiOptions> = {}) {
  return youtubeiDriver({ fetch: server.fetch, playerCacheDir: playerCache(), ...options });
}

const clientsAsked = (server: FakeYoutube) =>
  server.requests.filter((request) => request.client).map((request) => request.client);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('youtubei driver on recorded answers', () => {
  it('keeps its client list equal to youtubei.js', () => {
    expect([...SUPPORTED_CLIENTS]).toEqual(Constants.SUPPORTED_CLIENTS);
  });

  it('probes a normal public video as VISIONOS, which has direct URLs', async () => {
    const info = await driverFor(youtube).probe(CASES.cclicensed);
    expect(info).toMatchObject({
      id: CASES.cclicensed,
      title: expect.stringContaining('CopyrightX'),
      author: 'The Berkman Klein Center for Internet & Society',
      durationSeconds: 4,
      isLive: false,
    });
    expect(clientsAsked(youtube)).toEqual(['VISIONOS']);
    // No player script for a client whose URLs need no deciphering.
    expect(youtube.requests.some((request) => request.path.includes('base.js'))).toBe(false);
  });

  it('names the largest thumbnail the answer lists, for the cover art', async () => {
    const info = await driverFor(youtube).probe(CASES.cclicensed);
    // The recording lists mqdefault (320×180) first and hq720 (1280×720) second.
    expect(info.thumbnailUrl).toMatch(/^https:\/\/i\.ytimg\.com\/vi\/M4gD1WSo5mA\/hq720\.jpg\?/);
    // Its description has no timestamps: no chapters.
    expect(info.chapters).toBeUndefined();
  });

  it('reads the chapters YouTube makes from the description', async () => {
    // 30 s of audio: the derived description's last chapter (0:20) must last 10 s inside the video.
    const long = await fake({ seconds: 30 });
    const info = await driverFor(long).probe(CASES.chapters);
    expect(info.durationSeconds).toBe(30);
    expect(info.chapters).toEqual([
      { startSeconds: 0, title: 'Introduction' },
      { startSeconds: 10, title: 'Drama' },
      { startSeconds: 20, title: 'Choreography' },
    ]);
  });

  it('keeps no chapters that end past the video', async () => {
    // The default fake audio is 4 s: every chapter after 0:00 would start past the end.
    await expect(driverFor(youtube).probe(CASES.chapters)).resolves.not.toHaveProperty('chapters');
  });

  it('streams the whole audio file of an unlisted video', async () => {
    const input = await driverFor(youtube).openAudio(CASES.unlisted, undefined, 'opus');
    if (input.type !== 'stream') throw new Error('expected a stream');
    const bytes = await buffer(input.stream);
    const served = youtube.requests.find((request) => request.itag === 251);
    expect(Number(served?.query?.get('clen'))).toBe(bytes.length);
    expect(input).toMatchObject({ container: 'webm', codec: 'opus' });
  });

  it('moves on when VISIONOS says "not available" and ANDROID_VR is SABR-only, and deciphers TV', async () => {
    const driver = driverFor(youtube);
    const input = await driver.openAudio(CASES.ratingsdisabled, undefined, 'm4a');
    if (input.type !== 'stream') throw new Error('expected a stream');
    expect((await buffer(input.stream)).length).toBeGreaterThan(10_000);
    expect(clientsAsked(youtube)).toEqual(['VISIONOS', 'ANDROID_VR', 'TVHTML5']);
    // The fake googlevideo serves ciphered URLs only with the signature and n solved by the player.
    const media = youtube.requests.filter((request) => request.itag !== undefined);
    expect(media.map((request) => request.itag)).toEqual([140]);
    expect(media[0]?.query?.get('n')).toBe(media[0]?.query?.get('fake-n-solved'));
  });

  it('reports a live stream as live', async () => {
    await expect(driverFor(youtube).probe(CASES.livestream)).resolves.toMatchObject({ isLive: true });
  });

  it.each([
    ['privatecontent', /it is private/],
    ['restricted', /not available in this country/],
    ['nonexistent', /does not exist/],
  ] as const)('rejects %s as VideoUnavailable after one question', async (name, reason) => {
    const error = await failure(driverFor(youtube).probe(CASES[name]));
    expect(error).toMatchObject({ name: 'VideoUnavailable', message: expect.stringMatching(reason) });
    expect(clientsAsked(youtube)).toEqual(['VISIONOS']);
  });

  it('names every client and the deployment fix when each answer is SABR-only', async () => {
    const sabr = await fake({ answers: { VISIONOS: 'sabr', TVHTML5: 'sabr', WEB_EMBEDDED_PLAYER: 'sabr' } });
    const error = await failure(driverFor(sabr).probe(CASES.cclicensed));
    expect(error).toBeInstanceOf(DriverUnusable);
    expect(error).toMatchObject({ reason: 'broken' });
    expect((error as Error).message).toMatch(/VISIONOS: SABR-only.*TV: SABR-only.*WEB_EMBEDDED: SABR-only/);
    expect((error as Error).message).toContain('deployment problem: update yt-dlp / change client order');
  });

  it('asks only the clients of YOUTUBE_CLIENTS, in their order', async () => {
    const driver = driverFor(youtube, { clients: ['tv', 'visionos'] });
    await expect(driver.probe(CASES.cclicensed)).resolves.toMatchObject({ durationSeconds: 4 });
    expect(clientsAsked(youtube)).toEqual(['TVHTML5']);
  });

  it('refuses a client youtubei.js does not know', async () => {
    const error = await failure(
      driverFor(youtube, { clients: ['VISIONOS', 'NOKIA'] }).probe(CASES.cclicensed),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/YOUTUBE_CLIENTS=VISIONOS,NOKIA/);
  });

  it('keeps the player script on disk: a warm second session does not download it again', async () => {
    const playerCacheDir = playerCache();
    const basejs = () =>
      youtube.requests.filter((request) =>
        request.path.endsWith(`${PLAYER_ID}/player_es6.vflset/en_US/base.js`),
      );
    await driverFor(youtube, { clients: ['TV'], playerCacheDir }).probe(CASES.cclicensed);
    expect(basejs()).toHaveLength(1);
    await driverFor(youtube, { clients: ['TV'], playerCacheDir }).probe(CASES.cclicensed);
    expect(basejs()).toHaveLength(1);
  });

  it('passes on a 403 from googlevideo before returning a stream', async () => {
    const refused = await fake({ mediaStatus: 403 });
    const error = await failure(driverFor(refused).openAudio(CASES.cclicensed));
    expect(error).toMatchObject({ name: 'DriverUnusable', reason: 'forbidden' });
  });

  it('reports a network failure as SourceUnreachable', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND www.youtube.com') });
    }) as typeof globalThis.fetch;
    await expect(youtubeiDriver({ fetch: down }).probe(CASES.cclicensed)).rejects.toBeInstanceOf(
      SourceUnreachable,
    );
  });
});
