/** The environment the extract function reads. */
import { defineConfig, mediaSourceFields, pickFields } from '../shared/config.js';

export const extractConfig = defineConfig({
  ...pickFields('JOBS_TABLE', 'MEDIA_TABLE', 'MEDIA_BUCKET', 'IDEMPOTENCY_TABLE', 'MAX_DURATION_SECONDS'),
  ...mediaSourceFields,
});
