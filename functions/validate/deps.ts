/** The deployed wiring of validate: config from the environment, the shared SDK clients, the real source drivers. */
import { documentClient, s3Client } from '../shared/aws.js';
import { resolveSource } from '../shared/media/resolve-source.js';
import { JobsTable } from '../shared/tables/jobs.js';
import { MediaTable } from '../shared/tables/media.js';
import { validateConfig } from './config.js';
import type { ValidateDeps } from './validate-video.js';

export function defaultValidateDeps(): ValidateDeps {
  const config = validateConfig.load();
  return {
    s3: s3Client(),
    bucket: config.MEDIA_BUCKET,
    jobs: new JobsTable(config.JOBS_TABLE, documentClient()),
    media: new MediaTable(config.MEDIA_TABLE, documentClient()),
    resolveSource: (url) => resolveSource(url, config),
    maxDurationSeconds: config.MAX_DURATION_SECONDS,
  };
}
