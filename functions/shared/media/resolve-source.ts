/** Picks the source driver for a URL (youtube, http or file) and wires it from the media source config. */
import { accessSync, constants } from 'node:fs';
import { findOnPath } from '../ffmpeg/locate.js';
import { logger } from '../logger.js';
import { toCookieHeader, toNetscapeCookies } from './cookies.js';
import { fileSource } from './file-source.js';
import type { DoorOptions, EgressDoor } from './egress/door.js';
import type { LookupAll } from './host-check.js';
import { DEFAULT_SOURCE_READ_TIMEOUT_SECONDS, httpSource, sourceDoor } from './http-source.js';
import { sourceFetch, type FetchFunction } from './proxy-fetch.js';
import { cleanSourceText } from './clean-text.js';
import { parseSourceUrl, type ParsedSourceUrl } from './source-url.js';
import type { MediaSource, MediaSourceConfig } from './types.js';
import { youtubeSource, type YoutubeDriver, type YoutubeDriverName } from './youtube/driver-chain.js';
import { youtubeiDriver, type YoutubeiOptions } from './youtube/youtubei-driver.js';
import { ytdlpDriver } from './youtube/ytdlp-driver.js';

export interface ResolveSourceDeps {
  /** DNS for the egress door's address check (tests resolve names to private addresses). */
  lookup?: LookupAll;
  /** How the egress door connects to a checked address (tests record where connections go). */
  connect?: DoorOptions['connect'];
  /** Transport for youtubei.js and the http preflight; default: global fetch, through SOURCE_PROXY_URL if set. */
  fetch?: FetchFunction;
  /** youtubei.js options (tests keep the player script cache in their own temp folder). */
  youtubei?: Pick<YoutubeiOptions, 'playerCacheDir'>;
  /** PATH searched for yt-dlp when YTDLP_PATH is unset. */
  pathVariable?: string;
  /** Bound on ffprobe and yt-dlp probes. */
  probeTimeoutMs?: number;
}

// eslint-disable-next-line no-restricted-properties -- PATH is the OS's, not Audio Sync configuration
const processPath = () => process.env.PATH;

function locateYtdlp(config: MediaSourceConfig, pathVariable: string | undefined): string | undefined {
  if (config.YTDLP_PATH) {
    try {
      accessSync(config.YTDLP_PATH, constants.X_OK);
      return config.YTDLP_PATH;
    } catch {
      return undefined;
    }
  }
  return findOnPath('yt-dlp', pathVariable ?? processPath());
}

/**
 * One egress door for a YouTube source, opened on first use: youtubei.js fetches through it and yt-dlp
 * gets it as `--proxy`. It closes itself at the read deadline (it never keeps the process alive).
 */
function lazyDoor(config: MediaSourceConfig, deps: ResolveSourceDeps) {
  let door: Promise<EgressDoor> | undefined;
  const seconds = config.SOURCE_READ_TIMEOUT_SECONDS ?? DEFAULT_SOURCE_READ_TIMEOUT_SECONDS;
  const url = async () => (await (door ??= sourceDoor(config, deps)(seconds * 1000))).url;
  let fetchThrough: FetchFunction | undefined;
  const fetch: FetchFunction = async (input, init) => {
    fetchThrough ??= sourceFetch(await url());
    return fetchThrough(input, init);
  };
  return { url, fetch };
}

/** The YouTube drivers in YOUTUBE_DRIVERS order; one that cannot run here is skipped with a log line. */
export function youtubeDrivers(config: MediaSourceConfig, deps: ResolveSourceDeps = {}): YoutubeDriver[] {
  const door = lazyDoor(config, deps);
  const build: Record<YoutubeDriverName, () => YoutubeDriver | undefined> = {
    youtubei: () => {
      return youtubeiDriver({
        fetch: deps.fetch ?? door.fetch,
        clients: config.YOUTUBE_CLIENTS,
        cookie: config.YOUTUBE_COOKIES ? toCookieHeader(config.YOUTUBE_COOKIES) : undefined,
        ...deps.youtubei,
      });
    },
    ytdlp: () => {
      const binary = locateYtdlp(config, deps.pathVariable);
      if (!binary) {
        logger.warn('Skipping the ytdlp driver: no yt-dlp binary (set YTDLP_PATH or put it on PATH)', {
          driver: 'ytdlp',
          configured: config.YTDLP_PATH,
        });
        return undefined;
      }
      return ytdlpDriver({
        binary,
        proxy: door.url,
        cookies: config.YOUTUBE_COOKIES ? toNetscapeCookies(config.YOUTUBE_COOKIES) : undefined,
        nodePath: process.execPath,
        playerClients: config.YTDLP_PLAYER_CLIENTS,
        probeTimeoutMs: deps.probeTimeoutMs,
      });
    },
  };
  return config.YOUTUBE_DRIVERS.map((name) => build[name]()).filter((driver) => driver !== undefined);
}

/** The source for a URL. Throws InvalidSource (synchronously) for a URL that is not supported or allowed. */
export function resolveSource(
  url: string,
  config: MediaSourceConfig,
  deps: ResolveSourceDeps = {},
): MediaSource {
  const parsed = parseSourceUrl(url, {
    allowFile: config.ALLOW_FILE_SOURCES,
    allowPrivate: config.ALLOW_PRIVATE_SOURCES,
    kinds: config.SOURCE_KINDS,
  });
  return withCleanText(driverFor(parsed, config, deps));
}

function driverFor(parsed: ParsedSourceUrl, config: MediaSourceConfig, deps: ResolveSourceDeps): MediaSource {
  switch (parsed.kind) {
    case 'youtube':
      return youtubeSource(parsed, youtubeDrivers(config, deps));
    case 'http':
      return httpSource(parsed, config, deps);
    case 'file':
      return fileSource(parsed, config);
  }
}

/** Title and author cleaned once, here, for every later use (tags, file names, emails, tables, terminals). */
function withCleanText(source: MediaSource): MediaSource {
  return {
    kind: source.kind,
    videoId: source.videoId,
    url: source.url,
    async probe(signal) {
      const info = await source.probe(signal);
      return {
        ...info,
        title: cleanSourceText(info.title) || 'Untitled',
        author: cleanSourceText(info.author) || 'Unknown',
      };
    },
    // The target format picks the stream (a YouTube driver copies AAC for m4a, Opus for opus).
    openAudio: (signal, target, known) => source.openAudio(signal, target, known),
  };
}
