/**
 * Extract: marks the job EXTRACTING, streams the source's best audio through ffmpeg into S3, and
 * records the rendition only after the upload completed. At most one extraction per rendition runs.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { availableParallelism } from 'node:os';
import { parallelMp3 } from '../shared/ffmpeg/parallel-mp3.js';
import { transcode, type Transcode } from '../shared/ffmpeg/transcode.js';
import { recordExtraction } from '../shared/metrics.js';
import type { AudioInput, MediaSource } from '../shared/media/types.js';
import type { JobsTable } from '../shared/tables/jobs.js';
import type { MediaTable } from '../shared/tables/media.js';
import { hasTrim, mp3Quality, renditionName, trimmedDuration } from '../shared/contract/audio-options.js';
import { FORMATS, renditionKey } from '../shared/contract/formats.js';
import type { ExtractInput, Rendition } from '../shared/contract/tasks.js';
import { attachmentDisposition, downloadFileName } from '../shared/file-name.js';
import { objectExists } from '../shared/storage/object-exists.js';
import { onceForRendition, type RenditionIdempotency } from './idempotency.js';
import { createProgressWriter } from './progress.js';
import { prepareExtras, type CoverArtSettings, type RenditionExtras } from './rendition-extras.js';
import { uploadRendition } from './upload-rendition.js';

/** The state machine's input to Extract. */
export type ExtractRequest = ExtractInput;

export interface ExtractDeps {
  s3: S3Client;
  bucket: string;
  media: Pick<MediaTable, 'recordRendition'>;
  jobs: Pick<JobsTable, 'update' | 'recordProgress'>;
  resolveSource: (url: string) => MediaSource;
  /** The ffmpeg binary; located lazily so a missing one fails the extraction with ToolMissing. */
  ffmpegPath: () => string;
  idempotency: RenditionIdempotency;
  clock?: () => Date;
  onProgress?: (seconds: number) => void;
  /** ffmpeg processes a long mp3 may use; defaults to the cores available. */
  encoderWorkers?: number;
  /** MAX_DURATION_SECONDS: output is cut a margin past it and refused, whatever the source's header said. */
  maxDurationSeconds?: number;
  /** How covers are fetched (the source egress rules); absent: renditions carry no cover art. */
  coverArt?: CoverArtSettings;
}

/** Sources at least this long encode to mp3 in parallel segments when there is more than one core. */
export const PARALLEL_MP3_MIN_SECONDS = 300;

/**
 * libmp3lame uses one core: a long mp3 (from a URL or a piped stream) is decoded once and encoded in
 * sample-exact segments, one ffmpeg per core, and joined (`npm run bench`). Everything else is one
 * ffmpeg, which also copies AAC and Opus streams without re-encoding.
 */
function startEncoding(
  input: AudioInput,
  request: ExtractRequest,
  deps: ExtractDeps,
  ffmpegPath: string,
  extras: Omit<RenditionExtras, 'cleanup'>,
): Transcode {
  const { format, video, options } = request;
  const workers = deps.encoderWorkers ?? availableParallelism();
  // What the rendition lasts: the trimmed part, which places the segments and judges truncation.
  const durationSeconds = trimmedDuration(video.durationSeconds, options);
  const common = {
    title: video.title,
    artist: video.author,
    onProgress: deps.onProgress,
    maxDurationSeconds: deps.maxDurationSeconds,
    ...(format === 'mp3' ? { quality: mp3Quality(options) } : {}),
    ...(hasTrim(options)
      ? { trim: { startSeconds: options.startSeconds, endSeconds: options.endSeconds } }
      : {}),
    ...(extras.coverArtPath ? { coverArtPath: extras.coverArtPath } : {}),
    ...(extras.chapters ? { chapters: extras.chapters } : {}),
  };
  if (format === 'mp3' && workers > 1 && durationSeconds >= PARALLEL_MP3_MIN_SECONDS) {
    return parallelMp3({ ffmpegPath, input, durationSeconds, workers, ...common });
  }
  return transcode({
    ffmpegPath,
    input,
    format,
    // The codec of what was opened (a YouTube driver picks per format); a url is the file Validate probed.
    sourceCodec: input.codec ?? (input.type === 'url' ? video.audioCodec : undefined),
    expectedDurationSeconds: durationSeconds,
    ...common,
  });
}

/** Streams one rendition into S3 and records it. Not idempotent by itself: see `createAudioExtractor`. */
export async function produceRendition(request: ExtractRequest, deps: ExtractDeps): Promise<Rendition> {
  const { format, video, options } = request;
  const name = renditionName(format, options);
  const startedAt = performance.now();
  const source = deps.resolveSource(request.url);
  const input = await source.openAudio(undefined, format, { inputFormat: video.inputFormat });
  const ffmpegPath = deps.ffmpegPath();
  const extras = await prepareExtras(request, { kind: source.kind, input }, ffmpegPath, deps.coverArt);
  const key = renditionKey(video.videoId, format, name);
  const { ext, contentType } = FORMATS[format];
  let bytes: number;
  try {
    ({ bytes } = await uploadRendition({
      s3: deps.s3,
      bucket: deps.bucket,
      key,
      contentType,
      contentDisposition: attachmentDisposition(downloadFileName(video.title, video.author, ext, options)),
      transcode: startEncoding(input, request, deps, ffmpegPath, extras),
    }));
  } finally {
    await extras.cleanup();
  }
  const rendition: Rendition = {
    s3Key: key,
    bytes,
    contentType,
    createdAt: (deps.clock?.() ?? new Date()).toISOString(),
  };
  await deps.media.recordRendition(video.videoId, name, rendition);
  recordExtraction((performance.now() - startedAt) / 1000, bytes);
  return rendition;
}

/** The extraction a handler calls: job status, then the rendition once per `video_id#rendition`. */
export function createAudioExtractor(
  deps: ExtractDeps,
): (request: ExtractRequest, context?: Context) => Promise<Rendition> {
  const once = onceForRendition(
    deps.idempotency,
    async (request: ExtractRequest) => {
      const progress = createProgressWriter({
        jobs: deps.jobs,
        jobId: request.jobId,
        durationSeconds: trimmedDuration(request.video.durationSeconds, request.options),
      });
      const onProgress = (seconds: number) => {
        deps.onProgress?.(seconds);
        progress.report(seconds);
      };
      try {
        return await produceRendition(request, { ...deps, onProgress });
      } finally {
        // A write still in flight must not outlive the invocation (Lambda freezes the process after it).
        await progress.settled();
      }
    },
    (rendition) => objectExists(deps.s3, deps.bucket, rendition.s3Key),
  );
  return async (request, context) => {
    await deps.jobs.update(request.jobId, 'EXTRACTING', { video_id: request.video.videoId });
    return once(request, context);
  };
}
