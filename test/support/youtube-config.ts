/** A MediaSourceConfig for the media source tests, offline by default. */
import { defineConfig, mediaSourceFields } from '../../functions/shared/config.js';
import type { MediaSourceConfig } from '../../functions/shared/media/types.js';

export function mediaConfig(overrides: Partial<MediaSourceConfig> = {}): MediaSourceConfig {
  return {
    YOUTUBE_DRIVERS: ['youtubei', 'ytdlp'],
    ALLOW_PRIVATE_SOURCES: false,
    ALLOW_FILE_SOURCES: false,
    ...overrides,
  };
}

const liveConfig = defineConfig(mediaSourceFields);

/**
 * `npm run test:live`: the settings a deployed function would read, from this shell's environment
 * (YOUTUBE_CLIENTS, YOUTUBE_DRIVERS, SOURCE_PROXY_URL, YTDLP_PATH, ...), so a client order or a yt-dlp
 * version can be tried against the real YouTube before it is deployed.
 */
export function liveMediaConfig(overrides: Partial<MediaSourceConfig> = {}): MediaSourceConfig {
  return { ...liveConfig.load(process.env), ...overrides };
}
