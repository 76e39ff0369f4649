/** The small interface every media source driver implements. */
import type { Readable } from 'node:stream';
import type { AudioFormat, MediaInfo } from '../types.js';
import type { PrivateSourcePolicy } from './address-policy.js';

export type SourceKind = 'youtube' | 'http' | 'file';

/** Where ffmpeg reads the audio from. */
export type AudioInput =
  /** ffmpeg opens the URL or path itself (it can seek, which MP4 files with a trailing index need). */
  | {
      type: 'url';
      url: string;
      headers?: Record<string, string>;
      codec?: string;
      /** The demuxer the probe found: ffmpeg is held to it (`-f`). */
      demuxer?: string;
      /** The egress door an http(s) URL is read through; closed when ffmpeg is done. */
      door?: SourceDoor;
    }
  /** ffmpeg reads the stream on stdin. */
  | {
      type: 'stream';
      stream: Readable;
      /** container hint, e.g. `webm`, `mp4` */
      container?: string;
      /** ffmpeg's name of the audio codec opened (`aac`, `opus`), when the driver knows it. */
      codec?: string;
    };

/** What ffmpeg needs of an egress door: its proxy URL, the refusal it recorded, and closing it. */
export interface SourceDoor {
  readonly url: string;
  readonly failure: Error | undefined;
  close(): Promise<void>;
}

/** A source resolved from a URL, before any network access. */
export interface MediaSource {
  readonly kind: SourceKind;
  /** Stable id: the 11-char YouTube id, `url-<hash>` for http, `file-<hash>` for files. */
  readonly videoId: string;
  /** The normalised URL (for YouTube: `https://www.youtube.com/watch?v=<id>`). */
  readonly url: string;
  /** Title, author, duration, live flag. Throws the named rejections of functions/shared/errors.ts. */
  probe(signal?: AbortSignal): Promise<MediaInfo>;
  /**
   * The audio, as ffmpeg input: for `target` m4a/opus a stream it can copy when the source has one,
   * else the best. `known` is what Validate's probe found, so a direct source is not probed again.
   * Throws SourceUnreachable on network faults.
   */
  openAudio(signal?: AbortSignal, target?: AudioFormat, known?: KnownSource): Promise<AudioInput>;
}

/** What Validate's probe of the same URL found, handed on to Extract. */
export interface KnownSource {
  /** The demuxer it found (http sources): ffmpeg is held to it without another ffprobe run. */
  inputFormat?: string;
}

/** Settings the drivers read (a subset of the function's parsed config). */
export interface MediaSourceConfig {
  YOUTUBE_DRIVERS: ('youtubei' | 'ytdlp')[];
  YOUTUBE_CLIENTS?: string[];
  YOUTUBE_COOKIES?: string;
  YTDLP_PLAYER_CLIENTS?: string;
  SOURCE_PROXY_URL?: string;
  YTDLP_PATH?: string;
  FFMPEG_PATH?: string;
  FFPROBE_PATH?: string;
  ALLOW_PRIVATE_SOURCES: PrivateSourcePolicy;
  ALLOW_FILE_SOURCES: boolean;
  /** SOURCE_KINDS: the URL kinds accepted besides `file:` (default both). */
  SOURCE_KINDS?: readonly ('youtube' | 'http')[];
  /** SOURCE_MAX_BYTES: bytes one source may send through the egress door. */
  SOURCE_MAX_BYTES?: number;
  /** SOURCE_READ_TIMEOUT_SECONDS: how long reading one source may take at extraction. */
  SOURCE_READ_TIMEOUT_SECONDS?: number;
}
