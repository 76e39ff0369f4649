/** The file driver: `file://` sources for the local stack, enabled only by ALLOW_FILE_SOURCES. */
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidSource, VideoUnavailable } from '../errors.js';
import { locateFfprobe } from '../ffmpeg/locate.js';
import type { MediaInfo } from '../types.js';
import { probeMedia } from './ffprobe.js';
import type { ParsedSourceUrl } from './source-url.js';
import type { AudioInput, MediaSource, MediaSourceConfig } from './types.js';

export function fileSource(parsed: ParsedSourceUrl, config: MediaSourceConfig): MediaSource {
  if (!config.ALLOW_FILE_SOURCES) throw new InvalidSource('file: URLs are not accepted here');
  const path = fileURLToPath(parsed.url);

  const assertExists = async () => {
    try {
      await access(path);
    } catch (error) {
      throw new VideoUnavailable(`${path} does not exist or cannot be read`, { cause: error });
    }
  };

  return {
    kind: 'file',
    videoId: parsed.videoId,
    url: parsed.url,
    async probe(signal?: AbortSignal): Promise<MediaInfo> {
      await assertExists();
      const ffprobePath = locateFfprobe({ configured: config.FFPROBE_PATH, ffmpegPath: config.FFMPEG_PATH });
      return probeMedia(path, {
        ffprobePath,
        id: parsed.videoId,
        fallbackTitle: basename(path).replace(/\.[A-Za-z0-9]{1,5}$/, ''),
        fallbackAuthor: 'Local file',
        protocols: ['file'],
        signal,
      });
    },
    async openAudio(): Promise<AudioInput> {
      await assertExists();
      return { type: 'url', url: path };
    },
  };
}
