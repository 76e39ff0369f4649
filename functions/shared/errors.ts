/**
 * One error class per failure a caller treats differently. The state machine's Retry and Catch
 * match these `name`s (statemachine/audio-sync.asl.json), so a name is a contract: never rename one.
 */

/** A base that sets `name` from the subclass, which Step Functions reports as the error name. */
export abstract class AudioSyncError extends Error {
  /** Permanent errors are never retried; transient ones are retried by the step's own Retry. */
  abstract readonly transient: boolean;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

// --- Business rejections: caught by the state machine into NotifyRejected (outcomes, not faults).

/** The video is longer than MAX_DURATION_SECONDS. */
export class VideoTooLong extends AudioSyncError {
  readonly transient = false;
}
/** Removed, private, age-restricted or otherwise not playable. */
export class VideoUnavailable extends AudioSyncError {
  readonly transient = false;
}
/** A live stream or a premiere that has not started. */
export class VideoIsLive extends AudioSyncError {
  readonly transient = false;
}
/** The source refused us (bot check, egress IP blocked) with every driver tried. */
export class SourceBlocked extends AudioSyncError {
  readonly transient = false;
}
/** The URL is not a supported or allowed source, or its content is not audio/video. */
export class InvalidSource extends AudioSyncError {
  readonly transient = false;
}

export const REJECTION_ERRORS = [
  'VideoTooLong',
  'VideoUnavailable',
  'VideoIsLive',
  'SourceBlocked',
  'InvalidSource',
] as const;
export type RejectionError = (typeof REJECTION_ERRORS)[number];

// --- Transient faults: each step retries them on its own, then the execution fails at that step.

/** The source could not be reached or its stream broke off (network error, 5xx, truncated stream). */
export class SourceUnreachable extends AudioSyncError {
  readonly transient = true;
}
/** Another execution is extracting the same rendition right now; wait and reuse its result. */
export class ExtractionInProgress extends AudioSyncError {
  readonly transient = true;
}
/** Another invocation is sending this job's email right now; wait, then answer its stored result. */
export class NotificationInProgress extends AudioSyncError {
  readonly transient = true;
}
/** S3 failed or throttled the upload after the SDK's own retries; the upload was aborted. */
export class StorageUnavailable extends AudioSyncError {
  readonly transient = true;
}
/** DynamoDB throttled a table operation after the SDK's own retries. */
export class TableThrottled extends AudioSyncError {
  readonly transient = true;
}
/** SES throttled or failed the send after the SDK's own retries. */
export class EmailThrottled extends AudioSyncError {
  readonly transient = true;
}

// --- Permanent faults: not retried; the execution fails at its own state for an operator to redrive.

/** ffmpeg rejected the input or exited non-zero for a reason retrying will not fix. */
export class ExtractionFailed extends AudioSyncError {
  readonly transient = false;
}
/** The job item the execution refers to does not exist. */
export class JobNotFound extends AudioSyncError {
  readonly transient = false;
}
/** A task got a payload or a stored state it cannot act on: a bug or an out-of-band change, never the user's input. */
export class InvalidTaskInput extends AudioSyncError {
  readonly transient = false;
}
/** A required tool (ffmpeg, ffprobe, yt-dlp) is missing or unusable. */
export class ToolMissing extends AudioSyncError {
  readonly transient = false;
}
/** An environment variable is missing or invalid. */
export class ConfigError extends AudioSyncError {
  readonly transient = false;
}

export function isRejection(name: string): name is RejectionError {
  return (REJECTION_ERRORS as readonly string[]).includes(name);
}
