/** The environment the canary function reads: the media source settings extract uses, and what to check. */
import * as z from 'zod';
import { defineConfig, mediaSourceFields } from '../shared/config.js';

/** "Me at the zoo" (2005): public, short, and the oldest video on YouTube, so unlikely to go away. */
export const DEFAULT_CANARY_VIDEO_URL = 'https://www.youtube.com/watch?v=jNQXAC9IVRw';

/** The metric the YouTubeCanaryFailing alarm watches (here, so the CDK app reads it without the handler). */
export const CANARY_METRIC = 'YouTubeCanaryFailures';

export const canaryConfig = defineConfig({
  ...mediaSourceFields,
  /** The long-lived public video the canary validates and samples. */
  CANARY_VIDEO_URL: z.url({ protocol: /^https$/ }).default(DEFAULT_CANARY_VIDEO_URL),
  /** Seconds of audio the canary decodes from the start of the video. */
  CANARY_SAMPLE_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
});
