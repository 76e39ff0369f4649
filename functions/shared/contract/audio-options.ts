/**
 * The audio options a job may ask for beyond its format, and the rendition name they make: one rendition
 * per video, format and options, so two jobs that differ only in their email share one extraction.
 */
import * as z from 'zod';
import type { AudioFormat } from './formats.js';

/** mp3 only: constant kbit/s, or LAME's VBR presets V0 (~245 kbit/s) and V2 (~190 kbit/s). */
export const MP3_QUALITIES = ['128', '192', '256', '320', 'V0', 'V2'] as const;
export type Mp3Quality = (typeof MP3_QUALITIES)[number];
export const DEFAULT_MP3_QUALITY: Mp3Quality = '192';

/** A trim point is at most a day into the source: far past any duration limit, small enough to stay exact. */
export const MAX_TRIM_SECONDS = 24 * 60 * 60;

const trimPoint = z.number().finite().nonnegative().max(MAX_TRIM_SECONDS);

export const audioOptionsSchema = z.strictObject({
  /** mp3 only; absent for m4a and opus (their bitrate follows the source or a fixed recipe). */
  quality: z.enum(MP3_QUALITIES).optional(),
  /** Seconds into the source where the rendition starts; absent: the beginning. */
  startSeconds: trimPoint.optional(),
  /** Seconds into the source where the rendition ends; absent: the end. */
  endSeconds: trimPoint.optional(),
  /** Embed the video's thumbnail (or a direct source's own picture), square-cropped. */
  coverArt: z.boolean(),
});
export type AudioOptions = z.infer<typeof audioOptionsSchema>;

export const DEFAULT_AUDIO_OPTIONS: AudioOptions = { coverArt: true };

/** A chapter in the source's timeline. */
export const chapterSchema = z.object({
  startSeconds: z.number().nonnegative(),
  title: z.string(),
});
export type Chapter = z.infer<typeof chapterSchema>;

/** The mp3 quality a job encodes at: its own, or the default. */
export function mp3Quality(options: Pick<AudioOptions, 'quality'>): Mp3Quality {
  return options.quality ?? DEFAULT_MP3_QUALITY;
}

/** Seconds as a key-safe token: up to milliseconds, no trailing zeros (`12.5`, `90`). */
function secondsToken(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

/**
 * The rendition's name inside its video's folder and in the media item: the format alone for the default
 * options (`mp3`), else the format and each option that differs (`mp3-v0-from12.5-to70-nocover`).
 */
export function renditionName(format: AudioFormat, options: AudioOptions): string {
  const parts: string[] = [format];
  if (format === 'mp3' && mp3Quality(options) !== DEFAULT_MP3_QUALITY) {
    parts.push(mp3Quality(options).toLowerCase());
  }
  if (options.startSeconds) parts.push(`from${secondsToken(options.startSeconds)}`);
  if (options.endSeconds !== undefined) parts.push(`to${secondsToken(options.endSeconds)}`);
  if (!options.coverArt) parts.push('nocover');
  return parts.join('-');
}

/** True when the job keeps only part of the source. */
export function hasTrim(options: AudioOptions): boolean {
  return Boolean(options.startSeconds) || options.endSeconds !== undefined;
}

/** The seconds of source a job keeps: its trim clipped to the source's duration (0 when nothing is left). */
export function trimmedDuration(durationSeconds: number, options: AudioOptions): number {
  const end = Math.min(options.endSeconds ?? durationSeconds, durationSeconds);
  return Math.max(0, end - (options.startSeconds ?? 0));
}
