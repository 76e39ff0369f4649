/** A fake InnerTube for youtubei.js: `/youtubei/v1/player` responses in YouTube's shape, built in code, and audio bytes. */

export const AUDIO_HOST = 'https://rr1---sn-fake.googlevideo.com';

export interface PlayerOptions {
  videoId?: string;
  title?: string;
  author?: string;
  lengthSeconds?: number;
  status?: 'OK' | 'ERROR' | 'LOGIN_REQUIRED' | 'UNPLAYABLE' | 'LIVE_STREAM_OFFLINE';
  reason?: string;
  isLive?: boolean;
  isUpcoming?: boolean;
  /** Leave out streamingData (what a broken or throttled client gets). */
  withoutFormats?: boolean;
}

/** The parts of a player response youtubei.js reads for basic info and audio formats. */
export function playerResponse(options: PlayerOptions = {}): Record<string, unknown> {
  const videoId = options.videoId ?? 'dQw4w9WgXcQ';
  const lengthSeconds = String(options.lengthSeconds ?? 212);
  const status = options.status ?? 'OK';
  const audioFormat = (itag: number, mimeType: string, bitrate: number) => ({
    itag,
    url: `${AUDIO_HOST}/videoplayback?itag=${itag}&id=${videoId}`,
    mimeType,
    bitrate,
    averageBitrate: bitrate,
    contentLength: '4000',
    lastModified: '1700000000000000',
    quality: 'tiny',
    projectionType: 'RECTANGULAR',
    audioQuality: bitrate > 100_000 ? 'AUDIO_QUALITY_MEDIUM' : 'AUDIO_QUALITY_LOW',
    approxDurationMs: `${Number(lengthSeconds) * 1000}`,
    audioSampleRate: '48000',
    audioChannels: 2,
  });
  return {
    responseContext: {},
    playabilityStatus: {
      status,
      ...(options.reason ? { reason: options.reason } : {}),
      playableInEmbed: true,
    },
    ...(status === 'OK' && !options.withoutFormats && !options.isLive
      ? {
          streamingData: {
            expiresInSeconds: '21540',
            formats: [],
            adaptiveFormats: [
              audioFormat(140, 'audio/mp4; codecs="mp4a.40.2"', 130_000),
              audioFormat(251, 'audio/webm; codecs="opus"', 150_000),
              audioFormat(249, 'audio/webm; codecs="opus"', 50_000),
            ],
          },
        }
      : {}),
    ...(status === 'ERROR'
      ? {}
      : {
          videoDetails: {
            videoId,
            title: options.title ?? 'Never Gonna Give You Up',
            lengthSeconds: options.isUpcoming ? '0' : lengthSeconds,
            channelId: 'UCuAXFkgsw1L7xaCfnd5JJOw',
            author: options.author ?? 'Rick Astley',
            isOwnerViewing: false,
            shortDescription: 'A song.',
            thumbnail: {
              thumbnails: [
                { url: `https://i.ytimg.com/vi/${videoId}/default.jpg`, width: 120, height: 90 },
                { url: `https://i.ytimg.com/vi/${videoId}/hqdefault.jpg`, width: 480, height: 360 },
              ],
            },
            allowRatings: true,
            viewCount: '1000',
            isPrivate: false,
            isLiveContent: Boolean(options.isLive || options.isUpcoming),
            ...(options.isLive ? { isLive: true } : {}),
            ...(options.isUpcoming ? { isUpcoming: true } : {}),
          },
        }),
  };
}

export interface FakeInnertube {
  fetch: typeof globalThis.fetch;
  /** URLs requested, in order. */
  requests: string[];
}

export interface FakeInnertubeOptions {
  player?: Record<string, unknown>;
  /** Status of the player request itself (e.g. 403 when InnerTube refuses the client). */
  playerStatus?: number;
  /** Status of the audio (googlevideo) requests. */
  audioStatus?: number;
  /** Audio bytes served per format request. */
  audioBytes?: number;
  /** Throws like fetch does when the network is down. */
  networkDown?: boolean;
}

/** An injected fetch answering youtubei.js's requests; anything else gets a 404. */
export function fakeInnertube(options: FakeInnertubeOptions): FakeInnertube {
  const requests: string[] = [];
  const fetch = async (input: Parameters<typeof globalThis.fetch>[0]): Promise<Response> => {
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
    requests.push(url);
    if (options.networkDown)
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND www.youtube.com') });
    if (url.includes('/youtubei/v1/player')) {
      const status = options.playerStatus ?? 200;
      return new Response(
        JSON.stringify(status === 200 ? (options.player ?? playerResponse()) : { error: { code: status } }),
        {
          status,
          headers: { 'content-type': 'application/json' },
        },
      );
    }
    if (url.startsWith(AUDIO_HOST)) {
      const status = options.audioStatus ?? 200;
      if (status !== 200) return new Response('denied', { status });
      return new Response(new Uint8Array(options.audioBytes ?? 4000).fill(7), { status: 200 });
    }
    return new Response('not found', { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}
