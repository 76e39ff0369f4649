/**
 * Cover art for a rendition: the video's thumbnail (fetched under the source egress rules) or a direct
 * source's own picture (read under its ffmpeg leash), cut to a square JPEG in a private temp folder.
 * A job never fails for want of a picture: any failure answers undefined and logs why, without URLs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VideoSummary } from '../contract/tasks.js';
import { locateFfprobe } from '../ffmpeg/locate.js';
import { logger } from '../logger.js';
import { CoverArtMissing, withoutUrls } from './cover-art/cover-art-missing.js';
import { attachedPictureIndex, leashedInput } from './cover-art/embedded-picture.js';
import { PICTURE_DEMUXERS } from './cover-art/picture-type.js';
import { squareJpeg } from './cover-art/square-jpeg.js';
import { downloadThumbnail, type ThumbnailOptions } from './cover-art/thumbnail.js';
import type { AudioInput, MediaSourceConfig, SourceKind } from './types.js';

export { MAX_COVER_SIDE } from './cover-art/square-jpeg.js';

/** A square JPEG on local disk; `cleanup` removes it and its folder (call it once the encoder is done). */
export interface CoverArt {
  path: string;
  cleanup(): Promise<void>;
}

export type CoverArtSource =
  /** The video's thumbnail URL (YouTube: VideoSummary.thumbnailUrl). */
  | { kind: 'thumbnail'; url: string }
  /** An http or file source's audio input, as `openAudio` answered it (its door still open). */
  | { kind: 'embedded'; input: AudioInput };

export interface CoverArtDeps {
  ffmpegPath: string;
  /** The media source settings: the address policy and proxy for thumbnails, FFPROBE_PATH. */
  config: Pick<MediaSourceConfig, 'ALLOW_PRIVATE_SOURCES' | 'SOURCE_PROXY_URL' | 'FFPROBE_PATH'>;
  /** Bytes a thumbnail may have (default 4 MiB; YouTube's largest are ~300 KB). */
  maxBytes?: number;
  /** Time for the download and for each ffmpeg/ffprobe run (default 20 s). */
  timeoutMs?: number;
  lookup?: ThumbnailOptions['lookup'];
  connect?: ThumbnailOptions['connect'];
  /** Replaces the door's fetch for thumbnails (tests pass the fetch their YouTube fake answers). */
  fetch?: ThumbnailOptions['fetch'];
}

export const DEFAULT_COVER_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_COVER_TIMEOUT_MS = 20_000;

/** Where a job's cover comes from: a YouTube video's thumbnail, an http or file source's own picture. */
export function coverArtSource(
  kind: SourceKind,
  video: Pick<VideoSummary, 'thumbnailUrl'>,
  input: AudioInput,
): CoverArtSource | undefined {
  if (kind === 'youtube')
    return video.thumbnailUrl ? { kind: 'thumbnail', url: video.thumbnailUrl } : undefined;
  return { kind: 'embedded', input };
}

async function cut(source: CoverArtSource, directory: string, deps: CoverArtDeps): Promise<string> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_COVER_TIMEOUT_MS;
  const output = join(directory, 'cover.jpg');
  if (source.kind === 'thumbnail') {
    const picture = await downloadThumbnail(source.url, directory, {
      config: deps.config,
      maxBytes: deps.maxBytes ?? DEFAULT_COVER_MAX_BYTES,
      timeoutMs,
      lookup: deps.lookup,
      connect: deps.connect,
      fetch: deps.fetch,
    });
    const demuxer = PICTURE_DEMUXERS[picture.type];
    // Our own file, read as exactly the picture type its bytes are: no other protocol or demuxer.
    const inputArgs = ['-protocol_whitelist', 'file', '-format_whitelist', demuxer, '-f', demuxer];
    await squareJpeg({
      ffmpegPath: deps.ffmpegPath,
      inputArgs: [...inputArgs, '-i', picture.path],
      map: '0:v:0',
      output,
      timeoutMs,
    });
    await rm(picture.path, { force: true });
    return output;
  }
  const inputArgs = leashedInput(source.input);
  const ffprobePath = locateFfprobe({ configured: deps.config.FFPROBE_PATH, ffmpegPath: deps.ffmpegPath });
  const index = await attachedPictureIndex(ffprobePath, inputArgs, timeoutMs);
  if (index === undefined) throw new CoverArtMissing('the source has no embedded picture', true);
  await squareJpeg({ ffmpegPath: deps.ffmpegPath, inputArgs, map: `0:${index}`, output, timeoutMs });
  return output;
}

/** The square cover for `source`, or undefined (logged) when there is none to be had. */
export async function prepareCoverArt(
  source: CoverArtSource | undefined,
  deps: CoverArtDeps,
): Promise<CoverArt | undefined> {
  if (!source) return undefined;
  let directory: string | undefined;
  const cleanup = async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  };
  try {
    // Inside the try: even a full temp disk costs the job its cover only.
    directory = await mkdtemp(join(tmpdir(), 'audio-sync-cover-'));
    return { path: await cut(source, directory, deps), cleanup };
  } catch (error) {
    await cleanup().catch(() => undefined);
    const reason = withoutUrls((error as Error).message ?? String(error));
    if (error instanceof CoverArtMissing && error.ordinary) {
      logger.info('The source has no picture; the rendition has no cover art', { from: source.kind });
    } else {
      logger.warn('No cover art for this rendition; it is delivered without one', {
        from: source.kind,
        reason,
        ...(error instanceof CoverArtMissing ? {} : { error: (error as Error).name }),
      });
    }
    return undefined;
  }
}
