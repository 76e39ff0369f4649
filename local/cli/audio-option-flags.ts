/** `--quality`, `--start`, `--end`, `--no-cover-art`: checked by the API's own rules, so a bad value never starts the stack. */
import {
  MAX_TRIM_SECONDS,
  MP3_QUALITIES,
  type Mp3Quality,
} from '../../functions/shared/contract/audio-options.js';
import { parseClockTime } from '../../functions/shared/media/trim-time.js';
import type { AudioFormat } from '../../functions/shared/types.js';
import { UsageError } from './usage-error.js';

/** The options part of a POST /jobs body: only those given, trim points in seconds. */
export interface RequestedOptions {
  quality?: Mp3Quality;
  start?: number;
  end?: number;
  coverArt?: false;
}

export interface OptionFlags {
  quality?: string;
  start?: string;
  end?: string;
  noCoverArt: boolean;
}

function quality(format: AudioFormat, given: string): Mp3Quality {
  // `v0` is how LAME's own -V0 reads; the API spells the presets in capitals.
  const value = given.toUpperCase() as Mp3Quality;
  if (!MP3_QUALITIES.includes(value)) {
    throw new UsageError(`--quality must be one of ${MP3_QUALITIES.join(', ')} (got "${given}")`);
  }
  if (format !== 'mp3') {
    throw new UsageError(`--quality is for mp3 only: ${format} keeps the source's own bitrate`);
  }
  return value;
}

function trimPoint(flag: '--start' | '--end', given: string): number {
  const seconds = parseClockTime(given);
  if (seconds === undefined || seconds > MAX_TRIM_SECONDS) {
    throw new UsageError(
      `${flag} must be seconds (90) or [h:]mm:ss (1:30, 1:02:03.5), at most 24 hours (got "${given}")`,
    );
  }
  return seconds;
}

export function parseAudioOptions(format: AudioFormat, flags: OptionFlags): RequestedOptions {
  const options: RequestedOptions = {};
  if (flags.quality !== undefined) options.quality = quality(format, flags.quality);
  if (flags.start !== undefined) options.start = trimPoint('--start', flags.start);
  if (flags.end !== undefined) options.end = trimPoint('--end', flags.end);
  if (options.end !== undefined && options.end <= (options.start ?? 0)) {
    throw new UsageError(
      options.start === undefined ? '--end must be after 0:00' : '--end must be after --start',
    );
  }
  if (flags.noCoverArt) options.coverArt = false;
  return options;
}
