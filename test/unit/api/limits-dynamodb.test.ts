/**
 * The claims and counters against a real DynamoDB engine (dynalite): the conditional writes hold under
 * concurrency, which a mocked client cannot show.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiHandler } from '../../../functions/api/handler.js';
import { randomJobId } from '../../../functions/api/job-id.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { RequestsTable } from '../../../functions/shared/tables/requests.js';
import { SuppressionTable } from '../../../functions/shared/tables/suppression.js';
import { startDynamoDb, type DynamoDbEmulator } from '../../../local/emulators/dynamodb.js';
import { bodyOf, CONFIG, NOW, postJob } from './api-fixture.js';

const TABLE_NAMES = {
  jobs: 'jobs',
  media: 'media',
  idempotency: 'idempotency',
  requests: 'requests',
  suppression: 'suppression',
};
const video = (n: number) => `https://youtu.be/${String(n).padStart(11, 'b')}`;

let db: DynamoDbEmulator;
let documents: DynamoDBDocumentClient;
beforeAll(async () => {
  const clientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  db = await startDynamoDb({ tableNames: TABLE_NAMES, clientConfig });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...clientConfig, endpoint: db.endpoint }));
});
afterAll(async () => {
  documents.destroy();
  await db.stop();
});

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

let hour = 0;
/** A handler on its own clock hour, so each test starts with fresh counters in the shared tables. */
function api(limits: { RECIPIENT_JOBS_PER_HOUR: number; CLIENT_JOBS_PER_HOUR: number }) {
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  const now = new Date(NOW.getTime() + ++hour * 3_600_000);
  return createApiHandler({
    config: { ...CONFIG, ...limits, JOBS_TABLE: TABLE_NAMES.jobs, REQUESTS_TABLE: TABLE_NAMES.requests },
    jobs: new JobsTable(TABLE_NAMES.jobs, documents),
    requests: new RequestsTable(TABLE_NAMES.requests, documents),
    suppression: new SuppressionTable(TABLE_NAMES.suppression, documents),
    sqs: new SQSClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    now: () => now,
    newJobId: randomJobId,
  });
}

describe('limits and claims on DynamoDB', () => {
  it('lets exactly RECIPIENT_JOBS_PER_HOUR of 25 concurrent new jobs for one address through', async () => {
    const handler = api({ RECIPIENT_JOBS_PER_HOUR: 10, CLIENT_JOBS_PER_HOUR: 1000 });
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, n) => handler(postJob({ url: video(n), email: 'burst@example.com' }))),
    );
    const statuses = answers.map((answer) => answer.statusCode);

    expect(statuses.filter((status) => status === 202)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(10);
    expect(answers.find((answer) => answer.statusCode === 429)!.headers['retry-after']).toBe('3600');
  });

  it('lets exactly CLIENT_JOBS_PER_HOUR of concurrent jobs from one client through', async () => {
    const handler = api({ RECIPIENT_JOBS_PER_HOUR: 1000, CLIENT_JOBS_PER_HOUR: 7 });
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, n) => handler(postJob({ url: video(n), email: `u${n}@example.com` }))),
    );
    expect(answers.filter((answer) => answer.statusCode === 202)).toHaveLength(7);
    expect(answers.filter((answer) => bodyOf(answer).error)).toHaveLength(8);
  });

  it('lands concurrent retries with one Idempotency-Key on one job, counted once', async () => {
    const handler = api({ RECIPIENT_JOBS_PER_HOUR: 2, CLIENT_JOBS_PER_HOUR: 1000 });
    const request = { url: video(1), email: 'retry@example.com' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => handler(postJob(request, { 'idempotency-key': 'same-key' }))),
    );

    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((answer) => bodyOf(answer).jobId)).size).toBe(1);
    // Losers of the claim gave their count back: one more new job still fits a limit of 2.
    expect((await handler(postJob({ url: video(2), email: 'retry@example.com' }))).statusCode).toBe(202);
    expect((await handler(postJob({ url: video(3), email: 'retry@example.com' }))).statusCode).toBe(429);
  });

  it('lands concurrent identical bodies on one job', async () => {
    const handler = api({ RECIPIENT_JOBS_PER_HOUR: 10, CLIENT_JOBS_PER_HOUR: 1000 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => handler(postJob({ url: video(1), email: 'same@example.com' }))),
    );
    expect(new Set(answers.map((answer) => bodyOf(answer).jobId)).size).toBe(1);
  });
});
