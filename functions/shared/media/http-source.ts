/**
 * The http driver: a direct media URL, read only through an egress door (which checks every connection
 * and redirect hop), probed with ffprobe and read by ffmpeg held to the demuxer the probe found.
 */
import { basename } from 'node:path';
import { locateFfprobe } from '../ffmpeg/locate.js';
import type { AudioFormat, MediaInfo } from '../types.js';
import { openEgressDoor, type DoorOptions, type EgressDoor } from './egress/door.js';
import { forcedDemuxer, HTTP_PROTOCOLS } from './egress/leash.js';
import { probeMedia } from './ffprobe.js';
import type { LookupAll } from './host-check.js';
import { preflightHttpSource } from './http-preflight.js';
import { sourceFetch, type FetchFunction } from './proxy-fetch.js';
import type { ParsedSourceUrl } from './source-url.js';
import type { AudioInput, KnownSource, MediaSource, MediaSourceConfig } from './types.js';

export interface HttpSourceDeps {
  lookup?: LookupAll;
  /** Replaces the door's fetch for the preflight (unit tests of the redirect rules). */
  fetch?: FetchFunction;
  /** How the door opens a connection to a checked address (tests record where connections go). */
  connect?: DoorOptions['connect'];
  probeTimeoutMs?: number;
}

export const DEFAULT_SOURCE_MAX_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_SOURCE_READ_TIMEOUT_SECONDS = 600;
const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

function fileNameOf(url: URL): string {
  let name = basename(url.pathname);
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape stays as written.
  }
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || url.hostname;
}

/** Opens a door with the source rules of this deployment and the given deadline. */
export function sourceDoor(config: MediaSourceConfig, deps: Pick<HttpSourceDeps, 'lookup' | 'connect'>) {
  return (deadlineMs: number): Promise<EgressDoor> =>
    openEgressDoor({
      policy: config.ALLOW_PRIVATE_SOURCES,
      lookup: deps.lookup,
      upstream: config.SOURCE_PROXY_URL,
      maxBytes: config.SOURCE_MAX_BYTES ?? DEFAULT_SOURCE_MAX_BYTES,
      deadlineMs,
      connect: deps.connect,
    });
}

export function httpSource(
  parsed: ParsedSourceUrl,
  config: MediaSourceConfig,
  deps: HttpSourceDeps = {},
): MediaSource {
  const openDoor = sourceDoor(config, deps);
  const probeTimeoutMs = deps.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const original = new URL(parsed.url);

  /** Follows the redirects through the door, each hop checked: the URL ffmpeg or ffprobe reads. */
  const preflight = (door: EgressDoor, signal?: AbortSignal) =>
    preflightHttpSource(parsed.url, {
      fetch: deps.fetch ?? sourceFetch(door.url),
      lookup: deps.lookup,
      allowPrivate: config.ALLOW_PRIVATE_SOURCES,
      signal,
    });

  /** Preflight and ffprobe through the door; the door's own refusal wins over what the tools made of it. */
  const probeThrough = async (door: EgressDoor, signal?: AbortSignal) => {
    try {
      const finalUrl = await preflight(door, signal);
      const ffprobePath = locateFfprobe({ configured: config.FFPROBE_PATH, ffmpegPath: config.FFMPEG_PATH });
      const info = await probeMedia(finalUrl, {
        ffprobePath,
        id: parsed.videoId,
        fallbackTitle: fileNameOf(original),
        fallbackAuthor: original.hostname,
        protocols: HTTP_PROTOCOLS,
        httpProxy: door.url,
        // The door's deadline ends the probe first, with its own reason.
        timeoutMs: probeTimeoutMs + 1_000,
        signal,
      });
      return { finalUrl, info };
    } catch (error) {
      throw door.failure ?? error;
    }
  };

  return {
    kind: 'http',
    videoId: parsed.videoId,
    url: parsed.url,
    async probe(signal?: AbortSignal): Promise<MediaInfo> {
      const door = await openDoor(probeTimeoutMs);
      try {
        return (await probeThrough(door, signal)).info;
      } finally {
        await door.close();
      }
    },
    async openAudio(signal?: AbortSignal, _target?: AudioFormat, known?: KnownSource): Promise<AudioInput> {
      // One door for the whole read: its deadline and byte cap cover the probe and every ffmpeg request.
      const seconds = config.SOURCE_READ_TIMEOUT_SECONDS ?? DEFAULT_SOURCE_READ_TIMEOUT_SECONDS;
      const door = await openDoor(seconds * 1000);
      try {
        // Validate probed this URL: with the demuxer it found (one we read), ffprobe is not run again.
        const knownDemuxer = forcedDemuxer(known?.inputFormat);
        if (knownDemuxer) {
          const url = await preflight(door, signal).catch((error: unknown) => {
            throw door.failure ?? error;
          });
          return { type: 'url', url, door, demuxer: knownDemuxer };
        }
        const { finalUrl, info } = await probeThrough(door, signal);
        return {
          type: 'url',
          url: finalUrl,
          door,
          ...(info.inputFormat ? { demuxer: info.inputFormat } : {}),
        };
      } catch (error) {
        await door.close();
        throw error;
      }
    },
  };
}
