/** The AWS target: the deployed stack's outputs, given as environment variables. */
import { defineConfig, envFields } from '../functions/shared/config.js';

export const opsConfig = defineConfig({
  JOBS_TABLE: envFields.JOBS_TABLE,
  STATE_MACHINE_ARN: envFields.STATE_MACHINE_ARN,
  JOBS_QUEUE_URL: envFields.JOBS_QUEUE_URL,
  JOBS_DLQ_URL: envFields.JOBS_QUEUE_URL,
});
