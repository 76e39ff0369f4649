/** What the API's routes need from the outside world, injected so tests pass mocks and the local stack its clients. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { JobsTable } from '../shared/tables/jobs.js';
import { RequestsTable } from '../shared/tables/requests.js';
import { SuppressionTable } from '../shared/tables/suppression.js';
import { documentClient, s3Client, sqsClient } from '../shared/aws.js';
import { apiConfig } from './config.js';
import { randomJobId } from './job-id.js';

export type ApiConfig = ReturnType<typeof apiConfig.load>;

export interface ApiDeps {
  config: ApiConfig;
  jobs: JobsTable;
  /** Idempotency-Key and same-body claims, and the rate-limit counters. */
  requests: RequestsTable;
  /** Addresses we no longer mail, and the unsubscribe tokens. */
  suppression: SuppressionTable;
  sqs: SQSClient;
  /** Used for HeadObject and for presigning; presigning needs credentials but no network. */
  s3: S3Client;
  now: () => Date;
  newJobId: () => string;
}

/** The deployed wiring: config from the environment, the shared SDK clients. */
export function defaultDeps(): ApiDeps {
  const config = apiConfig.load();
  return {
    config,
    jobs: new JobsTable(config.JOBS_TABLE, documentClient(), config.JOB_TTL_DAYS),
    requests: new RequestsTable(config.REQUESTS_TABLE, documentClient()),
    suppression: new SuppressionTable(config.SUPPRESSION_TABLE, documentClient()),
    sqs: sqsClient(),
    s3: s3Client(),
    now: () => new Date(),
    newJobId: randomJobId,
  };
}
