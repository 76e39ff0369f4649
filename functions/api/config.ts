/** The environment the api function reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const apiConfig = defineConfig(
  pickFields(
    'JOBS_TABLE',
    'REQUESTS_TABLE',
    'SUPPRESSION_TABLE',
    'MEDIA_BUCKET',
    'JOBS_QUEUE_URL',
    'PUBLIC_API_URL',
    'DOWNLOAD_URL_TTL_SECONDS',
    'JOB_TTL_DAYS',
    'RECIPIENT_JOBS_PER_HOUR',
    'CLIENT_JOBS_PER_HOUR',
    'ALLOW_PRIVATE_SOURCES',
    'ALLOW_FILE_SOURCES',
    'SOURCE_KINDS',
  ),
);
