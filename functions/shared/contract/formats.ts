/** The audio formats a job can ask for and where a rendition of each lives in the media bucket. */
import * as z from 'zod';

export const FORMATS = {
  mp3: { ext: 'mp3', contentType: 'audio/mpeg' },
  m4a: { ext: 'm4a', contentType: 'audio/mp4' },
  opus: { ext: 'opus', contentType: 'audio/ogg' },
} as const;

export type AudioFormat = keyof typeof FORMATS;
export const AUDIO_FORMATS = Object.keys(FORMATS) as AudioFormat[];
export const DEFAULT_FORMAT: AudioFormat = 'mp3';
export const audioFormatSchema = z.enum(AUDIO_FORMATS);

/** Every rendition's key starts with this prefix (the bucket's lifecycle rule and IAM grants use it). */
export const RENDITION_PREFIX = 'audio/';

/**
 * The S3 object key of a rendition: `audio/{video_id}/{name}.{ext}`, where the name is the format for the
 * default options and adds the options otherwise (`renditionName`).
 */
export function renditionKey(videoId: string, format: AudioFormat, name: string = format): string {
  return `${RENDITION_PREFIX}${videoId}/${name}.${FORMATS[format].ext}`;
}
