/** The environment the validate function reads. */
import { defineConfig, mediaSourceFields, pickFields } from '../shared/config.js';

export const validateConfig = defineConfig({
  ...pickFields('JOBS_TABLE', 'MEDIA_TABLE', 'MEDIA_BUCKET', 'MAX_DURATION_SECONDS'),
  ...mediaSourceFields,
});
