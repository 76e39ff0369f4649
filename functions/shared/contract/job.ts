/** The job request: the SQS job message the API sends, which becomes the execution input unchanged. */
import * as z from 'zod';
import { audioOptionsSchema, DEFAULT_AUDIO_OPTIONS } from './audio-options.js';
import { audioFormatSchema } from './formats.js';

/** Step Functions allows 1-80 of these characters in an execution name, and the jobId is that name. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export const jobRequestSchema = z.object({
  jobId: z.string().regex(JOB_ID_PATTERN, 'jobId must be 1-80 letters, digits, "-" or "_"'),
  url: z.string().min(1, 'url must not be empty'),
  format: audioFormatSchema,
  /** Absent in a message from before the options existed: the defaults, which is what such a job got. */
  options: audioOptionsSchema.default(DEFAULT_AUDIO_OPTIONS),
});
/** The email stays in the jobs table: a job request never carries it. */
export type JobRequest = z.infer<typeof jobRequestSchema>;

/** The queue's message body: exactly a job request, no other key. */
export const jobMessageSchema = z.strictObject(jobRequestSchema.shape);
export type JobMessage = z.infer<typeof jobMessageSchema>;
