/** The environment the failure handler reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const failedConfig = defineConfig(pickFields('JOBS_TABLE', 'SENDER_EMAIL', 'PUBLIC_API_URL'));
