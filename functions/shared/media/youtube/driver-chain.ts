/** The youtube source: drivers tried in YOUTUBE_DRIVERS order, the next taking over when one breaks. */
import { ExtractorOutdated, SourceBlocked, ToolMissing } from '../../errors.js';
import { logger } from '../../logger.js';
import type { AudioFormat, MediaInfo } from '../../types.js';
import type { ParsedSourceUrl } from '../source-url.js';
import type { AudioInput, MediaSource } from '../types.js';
import { DEPLOYMENT_HINT, DriverUnusable } from './messages.js';

export type YoutubeDriverName = 'youtubei' | 'ytdlp';

/** One way of talking to YouTube. Throws the named errors for answers, DriverUnusable to pass on. */
export interface YoutubeDriver {
  readonly name: YoutubeDriverName;
  probe(videoId: string, signal?: AbortSignal): Promise<MediaInfo>;
  openAudio(videoId: string, signal?: AbortSignal, target?: AudioFormat): Promise<AudioInput>;
}

/**
 * Runs `operation` on each driver in order. Answers (unavailable, live, network faults) stop the chain;
 * DriverUnusable moves on. When every driver is unusable: SourceBlocked if any was refused (bot
 * check or 403), else ExtractorOutdated (every extractor broke: a deployment problem, not retried).
 */
async function firstAnswer<T>(
  drivers: YoutubeDriver[],
  videoId: string,
  operation: (driver: YoutubeDriver) => Promise<T>,
): Promise<T> {
  if (drivers.length === 0)
    throw new ToolMissing('No YouTube driver is available (check YOUTUBE_DRIVERS and YTDLP_PATH)');
  const failures: DriverUnusable[] = [];
  for (const driver of drivers) {
    try {
      return await operation(driver);
    } catch (error) {
      if (!(error instanceof DriverUnusable)) throw error;
      logger.warn('YouTube driver failed; trying the next', {
        driver: driver.name,
        reason: error.reason,
        error: error.message,
      });
      failures.push(error);
    }
  }
  const summary = failures.map((failure, index) => `${drivers[index]!.name}: ${failure.message}`).join('; ');
  if (failures.some((failure) => failure.reason !== 'broken')) {
    throw new SourceBlocked(`YouTube refused every driver for ${videoId} (${summary})`, {
      cause: failures[0],
    });
  }
  throw new ExtractorOutdated(`Every YouTube driver failed for ${videoId} (${summary}); ${DEPLOYMENT_HINT}`, {
    cause: failures[0],
  });
}

export function youtubeSource(parsed: ParsedSourceUrl, drivers: YoutubeDriver[]): MediaSource {
  return {
    kind: 'youtube',
    videoId: parsed.videoId,
    url: parsed.url,
    probe: (signal) => firstAnswer(drivers, parsed.videoId, (driver) => driver.probe(parsed.videoId, signal)),
    openAudio: (signal, target) =>
      firstAnswer(drivers, parsed.videoId, (driver) => driver.openAudio(parsed.videoId, signal, target)),
  };
}
