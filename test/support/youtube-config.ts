/** A MediaSourceConfig for the media source tests, offline by default. */
import type { MediaSourceConfig } from '../../functions/shared/media/types.js';

export function mediaConfig(overrides: Partial<MediaSourceConfig> = {}): MediaSourceConfig {
  return {
    YOUTUBE_DRIVERS: ['youtubei', 'ytdlp'],
    ALLOW_PRIVATE_SOURCES: false,
    ALLOW_FILE_SOURCES: false,
    ...overrides,
  };
}
