/**
 * Each Task's input and output (statemachine/audio-sync.asl.json): Validate gets the execution input and
 * answers the video, kept at `$.video`; Extract gets both and answers the rendition, kept at
 * `$.rendition`; Notify and NotifyRejected get the fields their `Parameters` name.
 */
import * as z from 'zod';
import { chapterSchema } from './audio-options.js';
import { jobRequestSchema } from './job.js';
import { OUTCOME_STATUSES } from './statuses.js';

/** What a source driver learns about a video before extracting it. */
export const mediaInfoSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  author: z.string(),
  durationSeconds: z.number().nonnegative(),
  isLive: z.boolean(),
  thumbnailUrl: z.string().optional(),
  /** Codec of the best audio stream when known (`aac`, `opus`, ...): lets extraction copy instead of encode. */
  audioCodec: z.string().optional(),
  /** The demuxer ffprobe found (http and file sources): extraction forces it, so the source cannot change format. */
  inputFormat: z.string().optional(),
  /** The source's chapters, ascending from 0 (YouTube's description or list, a file's own): kept in the rendition. */
  chapters: z.array(chapterSchema).optional(),
  /** True when an http or file source carries its own picture (an attached_pic stream: APIC, covr, FLAC picture). */
  embeddedPicture: z.boolean().optional(),
});
export type MediaInfo = z.infer<typeof mediaInfoSchema>;

export const validateInputSchema = jobRequestSchema;
export type ValidateInput = z.infer<typeof validateInputSchema>;

/** Validate's answer, kept by the state machine at `$.video`. */
export const videoSummarySchema = z.object({
  videoId: z.string().min(1),
  title: z.string(),
  author: z.string(),
  durationSeconds: z.number().nonnegative(),
  thumbnailUrl: z.string().optional(),
  audioCodec: z.string().optional(),
  /** The demuxer an http source's probe found, so Extract holds ffmpeg to it without probing again. */
  inputFormat: z.string().optional(),
  /** The source's chapters, so Extract writes them without probing again. */
  chapters: z.array(chapterSchema).optional(),
  /** An http or file source's probe found no picture of its own (false): Extract does not look again. */
  embeddedPicture: z.boolean().optional(),
  /** True when the rendition is already in S3: the state machine skips Extract. */
  cached: z.boolean(),
});
export type VideoSummary = z.infer<typeof videoSummarySchema>;
export const validateOutputSchema = videoSummarySchema;

export const extractInputSchema = jobRequestSchema.extend({ video: videoSummarySchema });
export type ExtractInput = z.infer<typeof extractInputSchema>;

/** Extract's answer, kept by the state machine at `$.rendition`. */
export const renditionSchema = z.object({
  s3Key: z.string().min(1),
  bytes: z.number().nonnegative(),
  contentType: z.string().min(1),
  createdAt: z.string().min(1),
});
export type Rendition = z.infer<typeof renditionSchema>;
export const extractOutputSchema = renditionSchema;

/** Notify reads the rendition from the media item, so a cache hit and a fresh extraction look alike. */
export const notifyDeliveredInputSchema = jobRequestSchema.extend({
  outcome: z.literal('DELIVERED'),
  video: videoSummarySchema,
});
export type NotifyDeliveredInput = z.infer<typeof notifyDeliveredInputSchema>;

/** The `{Error, Cause}` Validate's Catch put at `$.error`; Cause is read defensively later. */
export const caughtErrorSchema = z.object({ Error: z.string().min(1), Cause: z.string().optional() });
export type CaughtError = z.infer<typeof caughtErrorSchema>;

/** A rejection names no rendition, so NotifyRejected's Parameters carry no options. */
export const notifyRejectedInputSchema = jobRequestSchema.omit({ options: true }).extend({
  outcome: z.literal('REJECTED'),
  error: caughtErrorSchema,
});
export type NotifyRejectedInput = z.infer<typeof notifyRejectedInputSchema>;

export const notifyInputSchema = z.discriminatedUnion('outcome', [
  notifyDeliveredInputSchema,
  notifyRejectedInputSchema,
]);
export type NotifyInput = z.infer<typeof notifyInputSchema>;

export const notifyOutputSchema = z.object({
  jobId: z.string().min(1),
  status: z.enum(OUTCOME_STATUSES),
  /** SES's id of the email sent. */
  messageId: z.string(),
});
export type NotifyOutput = z.infer<typeof notifyOutputSchema>;
