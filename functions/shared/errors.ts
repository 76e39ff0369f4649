/**
 * One error class per failure a caller treats differently. Step Functions reports a thrown error's
 * `name`, which the state machine's Retry and Catch match; each name is a string literal so that a
 * minifier renaming the classes cannot change it (contract/errors.ts lists them and their kinds).
 */
import { ERROR_REGISTRY, type ErrorName } from './contract/errors.js';

export { REJECTION_ERRORS, isRejection, type RejectionError } from './contract/errors.js';

export abstract class AudioSyncError extends Error {
  abstract override readonly name: ErrorName;

  /** Permanent errors are never retried; transient ones are retried by the step's own Retry. */
  get transient(): boolean {
    return ERROR_REGISTRY[this.name].transient;
  }
}

// --- Business rejections: caught by the state machine into NotifyRejected (outcomes, not faults).

/** The video is longer than MAX_DURATION_SECONDS. */
export class VideoTooLong extends AudioSyncError {
  override readonly name = 'VideoTooLong';
}
/** Removed, private, age-restricted or otherwise not playable. */
export class VideoUnavailable extends AudioSyncError {
  override readonly name = 'VideoUnavailable';
}
/** A live stream or a premiere that has not started. */
export class VideoIsLive extends AudioSyncError {
  override readonly name = 'VideoIsLive';
}
/** The source refused us (bot check, egress IP blocked) with every driver tried. */
export class SourceBlocked extends AudioSyncError {
  override readonly name = 'SourceBlocked';
}
/** The job's trim keeps nothing of the source: its start is at or past the end of the video. */
export class TrimOutOfRange extends AudioSyncError {
  override readonly name = 'TrimOutOfRange';
}
/** The URL is not a supported or allowed source, or its content is not audio/video. */
export class InvalidSource extends AudioSyncError {
  override readonly name = 'InvalidSource';
}

// --- Transient faults: each step retries them on its own, then the execution fails at that step.

/** The source could not be reached or its stream broke off (network error, 5xx, truncated stream). */
export class SourceUnreachable extends AudioSyncError {
  override readonly name = 'SourceUnreachable';
}
/** Another execution is extracting the same rendition right now; wait and reuse its result. */
export class ExtractionInProgress extends AudioSyncError {
  override readonly name = 'ExtractionInProgress';
}
/** Another invocation is sending this job's email right now; wait, then answer its stored result. */
export class NotificationInProgress extends AudioSyncError {
  override readonly name = 'NotificationInProgress';
}
/** S3 failed or throttled the upload after the SDK's own retries; the upload was aborted. */
export class StorageUnavailable extends AudioSyncError {
  override readonly name = 'StorageUnavailable';
}
/** DynamoDB throttled a table operation after the SDK's own retries. */
export class TableThrottled extends AudioSyncError {
  override readonly name = 'TableThrottled';
}
/** SES throttled or failed the send after the SDK's own retries. */
export class EmailThrottled extends AudioSyncError {
  override readonly name = 'EmailThrottled';
}

// --- Permanent faults: not retried; the execution fails at its own state for an operator to redrive.

/** ffmpeg rejected the input or exited non-zero for a reason retrying will not fix. */
export class ExtractionFailed extends AudioSyncError {
  override readonly name = 'ExtractionFailed';
}
/** The job item the execution refers to does not exist. */
export class JobNotFound extends AudioSyncError {
  override readonly name = 'JobNotFound';
}
/** A task got a payload or a stored state it cannot act on: a bug or an out-of-band change, never the user's input. */
export class InvalidTaskInput extends AudioSyncError {
  override readonly name = 'InvalidTaskInput';
}
/**
 * Every YouTube driver and InnerTube client failed in a way only a deployment fixes (SABR-only
 * answers everywhere, a cipher or n-challenge that no longer solves, yt-dlp too old): not the user's
 * fault, and retrying will not help. The message says: update yt-dlp / change the client order.
 */
export class ExtractorOutdated extends AudioSyncError {
  override readonly name = 'ExtractorOutdated';
}
/** A required tool (ffmpeg, ffprobe, yt-dlp) is missing or unusable. */
export class ToolMissing extends AudioSyncError {
  override readonly name = 'ToolMissing';
}
/** An environment variable is missing or invalid. */
export class ConfigError extends AudioSyncError {
  override readonly name = 'ConfigError';
}
