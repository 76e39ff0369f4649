/** The environment the failure handler reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const failedConfig = defineConfig(
  pickFields('JOBS_TABLE', 'SUPPRESSION_TABLE', 'SES_CONFIGURATION_SET', 'SENDER_EMAIL', 'PUBLIC_API_URL'),
);
