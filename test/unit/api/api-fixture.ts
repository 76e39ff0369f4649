/** A test harness for the api function: API Gateway v2 events, an in-memory jobs table behind a mocked DynamoDB, mocked SQS and S3. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiHandler } from '../../../functions/api/handler.js';
import type { ApiConfig } from '../../../functions/api/deps.js';
import type { ApiResponse } from '../../../functions/api/responses.js';
import { JobsTable, type JobItem } from '../../../functions/shared/tables/jobs.js';

export const NOW = new Date('2030-05-01T12:00:00.000Z');

export const CONFIG: ApiConfig = {
  JOBS_TABLE: 'jobs-table',
  MEDIA_BUCKET: 'media-bucket',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo',
  PUBLIC_API_URL: 'https://api.example.com',
  DOWNLOAD_URL_TTL_SECONDS: 300,
  JOB_TTL_DAYS: 30,
  ALLOW_PRIVATE_SOURCES: false,
  ALLOW_FILE_SOURCES: false,
};

export interface RequestOptions {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  stage?: string;
}

export function apiEvent({
  method,
  path,
  body,
  headers = {},
  isBase64Encoded = false,
  stage,
}: RequestOptions) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: stage ?? '$default',
      time: '01/May/2030:12:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
  } satisfies APIGatewayProxyEventV2;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A POST /jobs event with a JSON body (a string body is sent as is). */
export function postJob(body: unknown, headers: Record<string, string> = {}) {
  return apiEvent({
    method: 'POST',
    path: '/jobs',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { ...JSON_HEADERS, ...headers },
  });
}

/** Mocks DynamoDB with a map that honours the jobs table's conditional put, plus SQS and S3. */
export function createApi(config: Partial<ApiConfig> = {}) {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  const s3 = mockClient(S3Client);
  const items = new Map<string, JobItem>();

  ddb.on(PutCommand).callsFake((input: { Item: JobItem }) => {
    if (items.has(input.Item.job_id)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    items.set(input.Item.job_id, structuredClone(input.Item));
    return {};
  });
  ddb.on(GetCommand).callsFake((input: { Key: { job_id: string } }) => {
    const item = items.get(input.Key.job_id);
    return item ? { Item: structuredClone(item) } : {};
  });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'message-1' });
  s3.on(HeadObjectCommand).resolves({ ContentLength: 1234 });

  let counter = 0;
  let now = NOW;
  const s3Client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
  });
  const handler = createApiHandler({
    config: { ...CONFIG, ...config },
    jobs: new JobsTable(
      CONFIG.JOBS_TABLE,
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      CONFIG.JOB_TTL_DAYS,
    ),
    sqs: new SQSClient({}),
    s3: s3Client,
    now: () => now,
    newJobId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
  });

  return {
    handler,
    ddb,
    sqs,
    s3,
    items,
    call: (event: APIGatewayProxyEventV2) => handler(event),
    /** Moves the API's clock (dedup windows). */
    setNow(date: Date) {
      now = date;
    },
    puts: () => ddb.commandCalls(PutCommand),
    sends: () => sqs.commandCalls(SendMessageCommand),
    restore() {
      ddb.restore();
      sqs.restore();
      s3.restore();
    },
  };
}

export function bodyOf(response: ApiResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
