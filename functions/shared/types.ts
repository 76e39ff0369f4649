/** The data contracts between the API, the queue, the state machine and the functions. */

export const FORMATS = {
  mp3: { ext: 'mp3', contentType: 'audio/mpeg' },
  m4a: { ext: 'm4a', contentType: 'audio/mp4' },
  opus: { ext: 'opus', contentType: 'audio/ogg' },
} as const;

export type AudioFormat = keyof typeof FORMATS;
export const AUDIO_FORMATS = Object.keys(FORMATS) as AudioFormat[];
export const DEFAULT_FORMAT: AudioFormat = 'mp3';

export const JOB_STATUSES = [
  'QUEUED',
  'VALIDATING',
  'EXTRACTING',
  'NOTIFYING',
  'DELIVERED',
  'REJECTED',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What a source driver learns about a video before extracting it (DESIGN.md §6). */
export interface MediaInfo {
  id: string;
  title: string;
  author: string;
  durationSeconds: number;
  isLive: boolean;
  thumbnailUrl?: string;
  /** Codec of the best audio stream when known (`aac`, `opus`, ...): lets extraction copy instead of encode. */
  audioCodec?: string;
}

/** The S3 object key of a rendition: `audio/{video_id}/{format}.{ext}`. */
export function renditionKey(videoId: string, format: AudioFormat): string {
  return `audio/${videoId}/${format}.${FORMATS[format].ext}`;
}

/** The SQS message body and the state machine's execution input. The email stays in the jobs table. */
export interface JobRequest {
  jobId: string;
  url: string;
  format: AudioFormat;
}

/** Validate's answer, kept by the state machine at `$.video`. */
export interface VideoSummary {
  videoId: string;
  title: string;
  author: string;
  durationSeconds: number;
  thumbnailUrl?: string;
  audioCodec?: string;
  /** True when the rendition is already in S3: the state machine skips Extract. */
  cached: boolean;
}

/** Extract's answer, kept by the state machine at `$.rendition`. */
export interface Rendition {
  s3Key: string;
  bytes: number;
  contentType: string;
  createdAt: string;
}

/** Notify's input: the execution state plus, on the rejected path, the caught `{Error, Cause}`. */
export interface NotifyRequest extends JobRequest {
  outcome: 'DELIVERED' | 'REJECTED';
  video?: VideoSummary;
  rendition?: Rendition;
  error?: { Error: string; Cause?: string };
}
