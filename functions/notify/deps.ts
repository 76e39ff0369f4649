/** The deployed wiring of notify: config from the environment, the shared SDK clients, the idempotency table. */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { documentClient, dynamoDbClient, sesClient } from '../shared/aws.js';
import { JobsTable } from '../shared/tables/jobs.js';
import { MediaTable } from '../shared/tables/media.js';
import { SuppressionTable } from '../shared/tables/suppression.js';
import { notifyConfig } from './config.js';
import type { NotifyDeps } from './types.js';

export function defaultNotifyDeps(): NotifyDeps {
  const config = notifyConfig.load();
  return {
    jobs: new JobsTable(config.JOBS_TABLE, documentClient()),
    media: new MediaTable(config.MEDIA_TABLE, documentClient()),
    ses: sesClient(),
    senderEmail: config.SENDER_EMAIL,
    publicApiUrl: config.PUBLIC_API_URL,
    linkTtlHours: config.LINK_TTL_HOURS,
    mail: {
      suppression: new SuppressionTable(config.SUPPRESSION_TABLE, documentClient()),
      publicApiUrl: config.PUBLIC_API_URL,
      configurationSet: config.SES_CONFIGURATION_SET,
    },
    idempotency: {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: config.IDEMPOTENCY_TABLE,
        awsSdkV3Client: dynamoDbClient(),
      }),
    },
  };
}
