/** The http driver: a direct media URL, checked against private addresses, probed and read by ffmpeg itself. */
import { basename } from 'node:path';
import { locateFfprobe } from '../ffmpeg/locate.js';
import type { MediaInfo } from '../types.js';
import { probeMedia } from './ffprobe.js';
import { preflightHttpSource } from './http-preflight.js';
import type { LookupAll } from './host-check.js';
import { isHttpProxy, sourceFetch, type FetchFunction } from './proxy-fetch.js';
import type { ParsedSourceUrl } from './source-url.js';
import type { AudioInput, MediaSource, MediaSourceConfig } from './types.js';

export interface HttpSourceDeps {
  lookup?: LookupAll;
  fetch?: FetchFunction;
  probeTimeoutMs?: number;
}

function fileNameOf(url: URL): string {
  const name = decodeURIComponent(basename(url.pathname));
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || url.hostname;
}

export function httpSource(
  parsed: ParsedSourceUrl,
  config: MediaSourceConfig,
  deps: HttpSourceDeps = {},
): MediaSource {
  const proxy = isHttpProxy(config.SOURCE_PROXY_URL) ? config.SOURCE_PROXY_URL : undefined;
  const fetch = deps.fetch ?? sourceFetch(proxy);
  // Set by probe: ffmpeg then reads the checked final URL, not one that redirects elsewhere.
  let checkedUrl: string | undefined;

  const preflight = async (signal?: AbortSignal) => {
    checkedUrl = await preflightHttpSource(parsed.url, {
      fetch,
      lookup: deps.lookup,
      allowPrivate: config.ALLOW_PRIVATE_SOURCES,
      signal,
    });
    return checkedUrl;
  };

  return {
    kind: 'http',
    videoId: parsed.videoId,
    url: parsed.url,
    async probe(signal?: AbortSignal): Promise<MediaInfo> {
      const finalUrl = await preflight(signal);
      const ffprobePath = locateFfprobe({ configured: config.FFPROBE_PATH, ffmpegPath: config.FFMPEG_PATH });
      const original = new URL(parsed.url);
      return probeMedia(finalUrl, {
        ffprobePath,
        id: parsed.videoId,
        fallbackTitle: fileNameOf(original),
        fallbackAuthor: original.hostname,
        protocols: ['http', 'https', 'tcp', 'tls'],
        httpProxy: proxy,
        timeoutMs: deps.probeTimeoutMs,
        signal,
      });
    },
    async openAudio(signal?: AbortSignal): Promise<AudioInput> {
      return { type: 'url', url: checkedUrl ?? (await preflight(signal)) };
    },
  };
}
