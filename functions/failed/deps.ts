/** The deployed wiring of the failure handler: config from the environment and the shared SDK clients. */
import { documentClient, sesClient } from '../shared/aws.js';
import { JobsTable } from '../shared/tables/jobs.js';
import { SuppressionTable } from '../shared/tables/suppression.js';
import { failedConfig } from './config.js';
import type { FailedDeps } from './record-failure.js';

export function defaultFailedDeps(): FailedDeps {
  const config = failedConfig.load();
  return {
    jobs: new JobsTable(config.JOBS_TABLE, documentClient()),
    ses: sesClient(),
    senderEmail: config.SENDER_EMAIL,
    publicApiUrl: config.PUBLIC_API_URL,
    mail: {
      suppression: new SuppressionTable(config.SUPPRESSION_TABLE, documentClient()),
      publicApiUrl: config.PUBLIC_API_URL,
      configurationSet: config.SES_CONFIGURATION_SET,
    },
  };
}
