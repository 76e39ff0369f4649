/** The environment the extract function reads. */
import * as z from 'zod';
import { defineConfig, mediaSourceFields, pickFields } from '../shared/config.js';

export const extractConfig = defineConfig({
  ...pickFields('JOBS_TABLE', 'MEDIA_TABLE', 'MEDIA_BUCKET', 'IDEMPOTENCY_TABLE', 'MAX_DURATION_SECONDS'),
  ...mediaSourceFields,
  /** Set by Lambda itself: the memory it gives, which decides the vCPUs (one per 1,769 MB). */
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: z.coerce.number().int().positive().optional(),
});
