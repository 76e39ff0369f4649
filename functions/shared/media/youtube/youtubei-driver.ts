/** The youtubei.js driver; the only module that touches youtubei.js, so a library change stays here. */
import type { Innertube, Types } from 'youtubei.js';
import { ConfigError, SourceUnreachable } from '../../errors.js';
import type { MediaInfo } from '../../types.js';
import type { FetchFunction } from '../proxy-fetch.js';
import type { AudioInput } from '../types.js';
import { ffmpegCodecName } from './codec.js';
import type { YoutubeDriver } from './driver-chain.js';
import { classifyYoutubeFailure, DriverUnusable } from './messages.js';
import { primedStream } from './primed-stream.js';

// The library logs parser warnings to the console; our logger reports what matters.
let library: Promise<typeof import('youtubei.js')> | undefined;
/** youtubei.js takes about half a second to import: loaded on first YouTube use, never for http or file sources. */
function loadYoutubei(): Promise<typeof import('youtubei.js')> {
  return (library ??= import('youtubei.js').then((youtubei) => {
    youtubei.Log.setLevel(youtubei.Log.Level.NONE);
    return youtubei;
  }));
}

export interface YoutubeiOptions {
  fetch: FetchFunction;
  /** YOUTUBE_CLIENT: the InnerTube client to play as (IOS, ANDROID, WEB, TV...). */
  client?: string;
  /** Cookie header value (converted from YOUTUBE_COOKIES). */
  cookie?: string;
  poToken?: string;
  /** The JS player deciphers WEB formats; tests serving plain format URLs turn it off. */
  retrievePlayer?: boolean;
  /** Skips the session bootstrap request (tests). */
  generateSessionLocally?: boolean;
}

const AUDIO_FORMAT = { type: 'audio', quality: 'best', format: 'any' } as const;

function failureText(error: unknown): string {
  const info = (error as { info?: unknown }).info;
  // Stream fetch failures carry the Response itself, whose status is what tells a 403 from a 5xx.
  const status = (info as { response?: { status?: unknown } } | undefined)?.response?.status;
  const detail =
    typeof status === 'number'
      ? `status code ${status}`
      : typeof info === 'string'
        ? info
        : JSON.stringify(info ?? '');
  const cause = (error as { cause?: { message?: string } }).cause?.message ?? '';
  return `${(error as Error).message ?? String(error)} ${detail} ${cause}`;
}

function toDriverError(error: unknown, videoId: string): Error {
  if (
    error instanceof DriverUnusable ||
    error instanceof ConfigError ||
    (error as Error).name === 'AbortError'
  ) {
    return error as Error;
  }
  return classifyYoutubeFailure(failureText(error), videoId, error);
}

export function youtubeiDriver(options: YoutubeiOptions): YoutubeDriver {
  const client = options.client?.toUpperCase();
  let session: Promise<Innertube> | undefined;
  const innertube = () =>
    (session ??= loadYoutubei()
      .then(({ Constants, Innertube }) => {
        if (client && !Constants.SUPPORTED_CLIENTS.includes(client)) {
          throw new ConfigError(
            `YOUTUBE_CLIENT=${options.client} is not one of ${Constants.SUPPORTED_CLIENTS.join(', ')}`,
          );
        }
        return Innertube.create({
          fetch: options.fetch,
          cookie: options.cookie,
          po_token: options.poToken,
          retrieve_player: options.retrievePlayer ?? true,
          generate_session_locally: options.generateSessionLocally ?? false,
          enable_session_cache: false,
        });
      })
      .catch((error: unknown) => {
        session = undefined;
        throw error;
      }));

  const basicInfo = async (videoId: string) => {
    const youtube = await innertube();
    const info = await youtube.getBasicInfo(
      videoId,
      client ? { client: client as Types.InnerTubeClient } : undefined,
    );
    const status = info.playability_status;
    if (status?.status === 'LIVE_STREAM_OFFLINE') return { youtube, info };
    if (status && status.status !== 'OK') {
      throw classifyYoutubeFailure(`${status.status}: ${status.reason ?? ''}`, videoId);
    }
    return { youtube, info };
  };

  return {
    name: 'youtubei',
    async probe(videoId: string): Promise<MediaInfo> {
      try {
        const { info } = await basicInfo(videoId);
        const details = info.basic_info;
        const isLive = Boolean(
          details.is_live || details.is_upcoming || info.playability_status?.status === 'LIVE_STREAM_OFFLINE',
        );
        if (!details.title || (!isLive && !details.duration)) {
          throw new DriverUnusable('broken', `youtubei.js returned no title or duration for ${videoId}`);
        }
        const audioCodec = isLive ? undefined : ffmpegCodecName(info.chooseFormat(AUDIO_FORMAT).mime_type);
        return {
          id: videoId,
          title: details.title,
          author: details.author ?? details.channel?.name ?? 'YouTube',
          durationSeconds: details.duration ?? 0,
          isLive,
          ...(details.thumbnail?.[0]?.url ? { thumbnailUrl: details.thumbnail[0].url } : {}),
          ...(audioCodec ? { audioCodec } : {}),
        };
      } catch (error) {
        throw toDriverError(error, videoId);
      }
    },
    async openAudio(videoId: string): Promise<AudioInput> {
      try {
        const { info } = await basicInfo(videoId);
        const format = info.chooseFormat(AUDIO_FORMAT);
        const body = await info.download(AUDIO_FORMAT);
        const stream = await primedStream(
          body,
          (error) =>
            new SourceUnreachable(`The YouTube audio stream of ${videoId} broke off: ${failureText(error)}`, {
              cause: error,
            }),
        );
        const container = format.mime_type.includes('webm') ? 'webm' : 'mp4';
        return { type: 'stream', stream, container };
      } catch (error) {
        throw toDriverError(error, videoId);
      }
    },
  };
}
