/**
 * Validate: marks the job VALIDATING, probes the source, refuses live and over-long videos, stores what
 * the source said, and answers whether the rendition is already in S3 (the state machine then skips Extract).
 */
import {
  hasTrim,
  renditionName,
  trimmedDuration,
  type AudioOptions,
} from '../shared/contract/audio-options.js';
import { durationAsClock, durationInWords } from '../shared/email/words.js';
import { ExtractorOutdated, TrimOutOfRange, VideoIsLive, VideoTooLong } from '../shared/errors.js';
import { DEPLOYMENT_HINT } from '../shared/media/youtube/messages.js';
import { appendJobKeys } from '../shared/logger.js';
import { countCacheHit } from '../shared/metrics.js';
import type { MediaSource } from '../shared/media/types.js';
import type { JobsTable } from '../shared/tables/jobs.js';
import type { MediaTable } from '../shared/tables/media.js';
import type { JobRequest, MediaInfo, VideoSummary } from '../shared/types.js';
import { hasCachedRendition, type RenditionCacheDeps } from './rendition-cache.js';

export interface ValidateDeps extends RenditionCacheDeps {
  jobs: Pick<JobsTable, 'update'>;
  media: Pick<MediaTable, 'get' | 'upsertInfo' | 'forgetRendition'>;
  resolveSource: (url: string) => MediaSource;
  maxDurationSeconds: number;
  clock?: () => Date;
}

/** A trimmed job's limit is on what it keeps: the part from its start to its end (or the video's end). */
function checkTrimmed(info: MediaInfo, options: AudioOptions, maxDurationSeconds: number): void {
  const kept = trimmedDuration(info.durationSeconds, options);
  if (kept <= 0) {
    throw new TrimOutOfRange(
      `The start you asked for (${durationAsClock(options.startSeconds ?? 0)}) is at or past the end of the video, which is ${durationInWords(info.durationSeconds)} long.`,
    );
  }
  if (kept > maxDurationSeconds) {
    throw new VideoTooLong(
      `The part you asked for is ${durationInWords(kept)} long; the limit is ${durationInWords(maxDurationSeconds)}.`,
    );
  }
}

/** Throws the rejection the state machine catches into NotifyRejected, if any. */
export function checkAcceptable(info: MediaInfo, maxDurationSeconds: number, options?: AudioOptions): void {
  if (info.isLive) {
    throw new VideoIsLive('The video is a live stream or a premiere that has not started.');
  }
  if (options && hasTrim(options)) {
    checkTrimmed(info, options, maxDurationSeconds);
    return;
  }
  if (info.durationSeconds > maxDurationSeconds) {
    throw new VideoTooLong(
      `The video is ${durationInWords(info.durationSeconds)} long; the limit is ${durationInWords(maxDurationSeconds)}.`,
    );
  }
}

export async function validateVideo(request: JobRequest, deps: ValidateDeps): Promise<VideoSummary> {
  const now = () => deps.clock?.() ?? new Date();
  await deps.jobs.update(request.jobId, 'VALIDATING', {}, now());
  const source = deps.resolveSource(request.url);
  appendJobKeys({ videoId: source.videoId });
  const info = await source.probe();

  // Recorded before the checks, so a rejected job still shows which video it was.
  const video = {
    id: info.id,
    title: info.title,
    author: info.author,
    durationSeconds: info.durationSeconds,
    ...(info.thumbnailUrl ? { thumbnailUrl: info.thumbnailUrl } : {}),
  };
  await deps.jobs.update(request.jobId, 'VALIDATING', { video_id: info.id, video }, now());
  checkAcceptable(info, deps.maxDurationSeconds, request.options);
  // A YouTube answer without a downloadable audio format (SABR-only) would fail every Extract attempt.
  if (source.kind === 'youtube' && !info.audioCodec) {
    throw new ExtractorOutdated(
      `YouTube listed no downloadable audio format for ${info.id}; ${DEPLOYMENT_HINT}`,
    );
  }

  await deps.media.upsertInfo(info, source.url, now());
  const cached = await hasCachedRendition(info.id, renditionName(request.format, request.options), deps);
  if (cached) countCacheHit();
  return {
    videoId: info.id,
    title: info.title,
    author: info.author,
    durationSeconds: info.durationSeconds,
    ...(info.thumbnailUrl ? { thumbnailUrl: info.thumbnailUrl } : {}),
    ...(info.audioCodec ? { audioCodec: info.audioCodec } : {}),
    ...(info.inputFormat ? { inputFormat: info.inputFormat } : {}),
    ...(info.chapters ? { chapters: info.chapters } : {}),
    ...(info.embeddedPicture !== undefined ? { embeddedPicture: info.embeddedPicture } : {}),
    cached,
  };
}
