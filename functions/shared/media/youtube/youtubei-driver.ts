/** The youtubei.js driver; the only module that touches youtubei.js, so a library change stays here. */
import type { Innertube, Types } from 'youtubei.js';
import { ConfigError, SourceUnreachable } from '../../errors.js';
import { logger } from '../../logger.js';
import type { AudioFormat, MediaInfo } from '../../types.js';
import type { FetchFunction } from '../proxy-fetch.js';
import type { AudioInput } from '../types.js';
import { DEFAULT_YOUTUBE_CLIENTS } from './clients.js';
import { ffmpegCodecName } from './codec.js';
import { descriptionChapters } from './description-chapters.js';
import type { YoutubeDriver } from './driver-chain.js';
import { googlevideoChunks, MediaFetchFailed } from './googlevideo-stream.js';
import { classifyYoutubeFailure, DriverUnusable } from './messages.js';
import { primedStream } from './primed-stream.js';
import { askClients, type Resolved } from './youtubei-clients.js';
import { failureText, loadYoutubei } from './youtubei-library.js';

export interface YoutubeiOptions {
  fetch: FetchFunction;
  /** YOUTUBE_CLIENTS: the InnerTube clients asked in order until one gives a downloadable format. */
  clients?: readonly string[];
  /** Cookie header value (converted from YOUTUBE_COOKIES). */
  cookie?: string;
  /** Where the player script is kept between warm invocations (default under the OS temp dir). */
  playerCacheDir?: string;
}

function toDriverError(error: unknown, videoId: string): Error {
  if (
    error instanceof DriverUnusable ||
    error instanceof ConfigError ||
    (error as Error).name === 'AbortError' ||
    (error as { transient?: unknown }).transient !== undefined
  ) {
    return error as Error;
  }
  return classifyYoutubeFailure(failureText(error), videoId, error);
}

/** The URL of the largest thumbnail listed (the cover art is cut from it). */
function largestThumbnail(thumbnails: readonly { url: string; width: number; height: number }[] = []) {
  const area = (thumbnail: { width: number; height: number }) =>
    (thumbnail.width || 0) * (thumbnail.height || 0);
  return thumbnails.reduce<(typeof thumbnails)[number] | undefined>(
    (best, thumbnail) => (thumbnail.url && (!best || area(thumbnail) > area(best)) ? thumbnail : best),
    undefined,
  )?.url;
}

function mediaInfo(videoId: string, resolved: Resolved): MediaInfo {
  const details = resolved.info.basic_info;
  const audioCodec = resolved.format ? ffmpegCodecName(resolved.format.mime_type) : undefined;
  const thumbnailUrl = largestThumbnail(details.thumbnail);
  // The player answer has no chapter list; YouTube makes its chapters from the description's timestamps.
  const chapters = descriptionChapters(details.short_description, details.duration);
  return {
    id: videoId,
    title: details.title!,
    author: details.author ?? details.channel?.name ?? 'YouTube',
    durationSeconds: details.duration ?? 0,
    isLive: resolved.isLive,
    ...(thumbnailUrl ? { thumbnailUrl } : {}),
    ...(audioCodec ? { audioCodec } : {}),
    ...(chapters ? { chapters } : {}),
  };
}

export function youtubeiDriver(options: YoutubeiOptions): YoutubeDriver {
  const clients = (options.clients ?? DEFAULT_YOUTUBE_CLIENTS).map((client) => client.toUpperCase());
  let session: Promise<Innertube> | undefined;
  const innertube = () =>
    (session ??= loadYoutubei()
      .then(({ Constants, Innertube }) => {
        const unknown = clients.filter((client) => !Constants.SUPPORTED_CLIENTS.includes(client));
        if (unknown.length > 0 || clients.length === 0) {
          throw new ConfigError(
            `YOUTUBE_CLIENTS=${clients.join(',')} must list clients among ${Constants.SUPPORTED_CLIENTS.join(', ')}`,
          );
        }
        // The player script is fetched only when a client's URLs need it (see youtubei-clients.ts).
        return Innertube.create({
          fetch: options.fetch,
          cookie: options.cookie,
          retrieve_player: false,
          enable_session_cache: false,
        });
      })
      .catch((error: unknown) => {
        session = undefined;
        throw error;
      }));

  const resolve = async (videoId: string, target?: AudioFormat) =>
    askClients(await innertube(), videoId, {
      clients: clients as Types.InnerTubeClient[],
      target,
      fetch: options.fetch,
      playerCacheDir: options.playerCacheDir,
    });

  return {
    name: 'youtubei',
    async probe(videoId: string): Promise<MediaInfo> {
      try {
        return mediaInfo(videoId, await resolve(videoId));
      } catch (error) {
        throw toDriverError(error, videoId);
      }
    },
    async openAudio(videoId: string, signal?: AbortSignal, target?: AudioFormat): Promise<AudioInput> {
      try {
        const resolved = await resolve(videoId, target);
        const { format, url } = resolved;
        if (!format || !url)
          throw new DriverUnusable('broken', `${videoId} has no downloadable audio format`);
        const codec = ffmpegCodecName(format.mime_type);
        logger.info('Fetching the YouTube audio format', {
          client: resolved.client,
          itag: format.itag,
          codec,
          bitrate: format.bitrate,
          target,
        });
        const stream = await primedStream(
          googlevideoChunks(options.fetch, url, format.content_length, signal),
          (error) =>
            new SourceUnreachable(`The YouTube audio stream of ${videoId} broke off: ${failureText(error)}`, {
              cause: error,
            }),
        );
        return {
          type: 'stream',
          stream,
          container: format.mime_type.includes('webm') ? 'webm' : 'mp4',
          ...(codec ? { codec } : {}),
        };
      } catch (error) {
        if (error instanceof MediaFetchFailed) {
          throw classifyYoutubeFailure(`status code ${error.status}`, videoId, error);
        }
        throw toDriverError(error, videoId);
      }
    },
  };
}
