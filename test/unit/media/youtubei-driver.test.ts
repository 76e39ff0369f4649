import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ConfigError, SourceUnreachable, VideoUnavailable } from '../../../functions/shared/errors.js';
import { DriverUnusable } from '../../../functions/shared/media/youtube/messages.js';
import { youtubeiDriver } from '../../../functions/shared/media/youtube/youtubei-driver.js';
import { fakeInnertube, playerResponse, type FakeInnertubeOptions } from '../../support/youtube-innertube.js';

const ID = 'dQw4w9WgXcQ';

function driverFor(options: FakeInnertubeOptions, client?: string) {
  const fake = fakeInnertube(options);
  const driver = youtubeiDriver({
    fetch: fake.fetch,
    client,
    retrievePlayer: false,
    generateSessionLocally: true,
  });
  return { fake, driver };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof DriverUnusable)) throw new Error(`expected DriverUnusable, got ${String(error)}`);
  return error.reason;
}

describe('youtubei driver: probe', () => {
  it('reads title, author, duration, thumbnail and the best audio codec from the player response', async () => {
    const { driver, fake } = driverFor({});
    await expect(driver.probe(ID)).resolves.toEqual({
      id: ID,
      title: 'Never Gonna Give You Up',
      author: 'Rick Astley',
      durationSeconds: 212,
      isLive: false,
      thumbnailUrl: `https://i.ytimg.com/vi/${ID}/hqdefault.jpg`,
      audioCodec: 'opus',
    });
    expect(fake.requests.some((url) => url.includes('/youtubei/v1/player'))).toBe(true);
  });

  it('reports a live stream and an upcoming premiere as live', async () => {
    await expect(
      driverFor({ player: playerResponse({ isLive: true }) }).driver.probe(ID),
    ).resolves.toMatchObject({
      isLive: true,
    });
    const upcoming = playerResponse({
      status: 'LIVE_STREAM_OFFLINE',
      reason: 'Premieres in 2 hours',
      isUpcoming: true,
    });
    await expect(driverFor({ player: upcoming }).driver.probe(ID)).resolves.toMatchObject({ isLive: true });
  });

  it.each([
    ['a removed video', { status: 'ERROR', reason: 'Video unavailable' }],
    ['a private video', { status: 'LOGIN_REQUIRED', reason: 'This video is private' }],
    ['an age-restricted video', { status: 'LOGIN_REQUIRED', reason: 'Sign in to confirm your age' }],
    [
      'a blocked country',
      { status: 'UNPLAYABLE', reason: 'The uploader has not made this video available in your country' },
    ],
  ] as const)('answers VideoUnavailable for %s', async (_label, status) => {
    const { driver } = driverFor({ player: playerResponse(status) });
    await expect(driver.probe(ID)).rejects.toBeInstanceOf(VideoUnavailable);
  });

  it('passes on a bot check', async () => {
    const player = playerResponse({
      status: 'LOGIN_REQUIRED',
      reason: 'Sign in to confirm you’re not a bot',
    });
    expect(await reasonOf(driverFor({ player }).driver.probe(ID))).toBe('bot-check');
  });

  it('passes on an HTTP 403 from InnerTube', async () => {
    expect(await reasonOf(driverFor({ playerStatus: 403 }).driver.probe(ID))).toBe('forbidden');
  });

  it('passes on a response without audio formats as breakage', async () => {
    expect(
      await reasonOf(driverFor({ player: playerResponse({ withoutFormats: true }) }).driver.probe(ID)),
    ).toBe('broken');
  });

  it('passes on a response of an unexpected shape as breakage', async () => {
    expect(await reasonOf(driverFor({ player: { responseContext: {} } }).driver.probe(ID))).toBe('broken');
  });

  it('reports a network failure as SourceUnreachable', async () => {
    await expect(driverFor({ networkDown: true }).driver.probe(ID)).rejects.toBeInstanceOf(SourceUnreachable);
  });

  it('refuses a YOUTUBE_CLIENT youtubei.js does not know', async () => {
    const driver = youtubeiDriver({ fetch: fakeInnertube({}).fetch, client: 'NOKIA' });
    await expect(driver.probe(ID)).rejects.toThrow(ConfigError);
    await expect(driver.probe(ID)).rejects.toThrow(/YOUTUBE_CLIENT=NOKIA/);
  });

  it('plays as the configured client', async () => {
    const { driver } = driverFor({}, 'ios');
    await expect(driver.probe(ID)).resolves.toMatchObject({ id: ID });
  });
});

describe('youtubei driver: openAudio', () => {
  it('streams the best audio-only format', async () => {
    const { driver, fake } = driverFor({ audioBytes: 4000 });
    const input = await driver.openAudio(ID);
    if (input.type !== 'stream') throw new Error('expected a stream');
    expect(input.container).toBe('webm');
    expect((await buffer(input.stream)).length).toBe(4000);
    expect(fake.requests.find((url) => url.includes('googlevideo'))).toContain('itag=251');
  });

  it('passes on a 403 from the audio host before returning a stream', async () => {
    expect(await reasonOf(driverFor({ audioStatus: 403 }).driver.openAudio(ID))).toBe('forbidden');
  });
});
