import { describe, expect, it } from 'vitest';
import {
  isRejection,
  SourceBlocked,
  SourceUnreachable,
  ToolMissing,
  VideoIsLive,
  VideoUnavailable,
} from '../../../functions/shared/errors.js';
import {
  youtubeSource,
  type YoutubeDriver,
  type YoutubeDriverName,
} from '../../../functions/shared/media/youtube/driver-chain.js';
import { DriverUnusable, type DriverFailure } from '../../../functions/shared/media/youtube/messages.js';
import type { MediaInfo } from '../../../functions/shared/types.js';

const ID = 'dQw4w9WgXcQ';
const parsed = { kind: 'youtube' as const, videoId: ID, url: `https://www.youtube.com/watch?v=${ID}` };
const info = (author: string): MediaInfo => ({
  id: ID,
  title: 'Song',
  author,
  durationSeconds: 212,
  isLive: false,
});

/** A driver that answers with `outcome`, recording that it was asked. */
function driver(name: YoutubeDriverName, outcome: MediaInfo | Error, calls: string[]): YoutubeDriver {
  const answer = async () => {
    calls.push(name);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return {
    name,
    probe: answer,
    openAudio: async () => {
      await answer();
      return { type: 'url', url: `https://audio.example/${name}` };
    },
  };
}

const unusable = (reason: DriverFailure) => new DriverUnusable(reason, `${reason} happened`);

describe('YouTube driver chain', () => {
  it('answers from the first driver when it works, without asking the next', async () => {
    const calls: string[] = [];
    const source = youtubeSource(parsed, [
      driver('youtubei', info('first'), calls),
      driver('ytdlp', info('second'), calls),
    ]);
    await expect(source.probe()).resolves.toMatchObject({ author: 'first' });
    expect(calls).toEqual(['youtubei']);
  });

  it.each<DriverFailure>(['broken', 'forbidden', 'bot-check'])(
    'moves to the next driver when one is %s',
    async (reason) => {
      const calls: string[] = [];
      const source = youtubeSource(parsed, [
        driver('youtubei', unusable(reason), calls),
        driver('ytdlp', info('second'), calls),
      ]);
      await expect(source.probe()).resolves.toMatchObject({ author: 'second' });
      await expect(source.openAudio()).resolves.toEqual({ type: 'url', url: 'https://audio.example/ytdlp' });
      expect(calls).toEqual(['youtubei', 'ytdlp', 'youtubei', 'ytdlp']);
    },
  );

  it.each([
    ['unavailable', new VideoUnavailable('private video')],
    ['live', new VideoIsLive('live')],
    ['unreachable', new SourceUnreachable('network down')],
  ])('stops at an answer (%s) without trying the next driver', async (_label, error) => {
    const calls: string[] = [];
    const source = youtubeSource(parsed, [
      driver('ytdlp', error, calls),
      driver('youtubei', info('second'), calls),
    ]);
    await expect(source.probe()).rejects.toBe(error);
    expect(calls).toEqual(['ytdlp']);
  });

  it('reports SourceBlocked when every driver meets a bot check', async () => {
    const calls: string[] = [];
    const source = youtubeSource(parsed, [
      driver('youtubei', unusable('bot-check'), calls),
      driver('ytdlp', unusable('bot-check'), calls),
    ]);
    await expect(source.probe()).rejects.toThrow(SourceBlocked);
  });

  it('reports SourceBlocked when one driver is refused and the other broken', async () => {
    const source = youtubeSource(parsed, [
      driver('youtubei', unusable('broken'), []),
      driver('ytdlp', unusable('forbidden'), []),
    ]);
    await expect(source.probe()).rejects.toThrow(SourceBlocked);
  });

  it('reports ExtractorOutdated, naming each driver and the fix, when every extractor is broken', async () => {
    const source = youtubeSource(parsed, [
      driver('youtubei', unusable('broken'), []),
      driver('ytdlp', unusable('broken'), []),
    ]);
    await expect(source.probe()).rejects.toThrow(/youtubei: broken happened; ytdlp: broken happened/);
    await expect(source.probe()).rejects.toThrow(/deployment problem: update yt-dlp \/ change client order/);
    const error = await source.probe().catch((failure: unknown) => failure);
    // A permanent fault the state machine does not catch as the user's rejection.
    expect(error).toMatchObject({ name: 'ExtractorOutdated', transient: false });
    expect(isRejection((error as Error).name)).toBe(false);
  });

  it('fails with ToolMissing when no driver can run', async () => {
    await expect(youtubeSource(parsed, []).probe()).rejects.toThrow(ToolMissing);
  });
});
