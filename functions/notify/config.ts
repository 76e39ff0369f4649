/** The environment the notify function reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const notifyConfig = defineConfig(
  pickFields(
    'JOBS_TABLE',
    'MEDIA_TABLE',
    'IDEMPOTENCY_TABLE',
    'SUPPRESSION_TABLE',
    'SES_CONFIGURATION_SET',
    'SENDER_EMAIL',
    'PUBLIC_API_URL',
    'LINK_TTL_HOURS',
  ),
);
