/** A test harness for the api function: API Gateway v2 events, an in-memory jobs table behind a mocked DynamoDB, mocked SQS and S3. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiHandler } from '../../../functions/api/handler.js';
import { DECLARED_ROUTE_KEYS, selectRoute } from '../../../functions/api/route-keys.js';
import type { ApiConfig } from '../../../functions/api/deps.js';
import type { ApiResponse } from '../../../functions/api/responses.js';
import { randomJobId } from '../../../functions/api/job-id.js';
import { JobsTable, type JobItem } from '../../../functions/shared/tables/jobs.js';
import { RequestsTable } from '../../../functions/shared/tables/requests.js';
import { SuppressionTable } from '../../../functions/shared/tables/suppression.js';

export const NOW = new Date('2030-05-01T12:00:00.000Z');

export const CONFIG: ApiConfig = {
  JOBS_TABLE: 'jobs-table',
  REQUESTS_TABLE: 'requests-table',
  SUPPRESSION_TABLE: 'suppression-table',
  MEDIA_BUCKET: 'media-bucket',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo',
  PUBLIC_API_URL: 'https://api.example.com',
  DOWNLOAD_URL_TTL_SECONDS: 300,
  JOB_TTL_DAYS: 30,
  RECIPIENT_JOBS_PER_HOUR: 10,
  CLIENT_JOBS_PER_HOUR: 60,
  ALLOW_PRIVATE_SOURCES: false,
  SOURCE_KINDS: ['youtube', 'http'],
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
  // The route API Gateway would choose: it matches the path without a named stage's prefix.
  const stagePrefix = stage && stage !== '$default' ? `/${stage}` : '';
  const routedPath = path.startsWith(`${stagePrefix}/`) ? path.slice(stagePrefix.length) : path;
  const { routeKey, pathParameters } = selectRoute(DECLARED_ROUTE_KEYS, method, routedPath)!;
  return {
    version: '2.0',
    routeKey,
    ...(pathParameters ? { pathParameters } : {}),
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
      routeKey,
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

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

type RequestItem = Record<string, unknown> & { pk: string };

interface PutInput {
  TableName: string;
  Item: Record<string, unknown>;
  ExpressionAttributeValues?: Record<string, unknown>;
}
interface UpdateInput {
  Key: { pk: string };
  ConditionExpression?: string;
  ExpressionAttributeValues: Record<string, number> & { ':refusal'?: unknown; ':job'?: string };
}

/**
 * Mocks DynamoDB with two maps that honour the conditions the api writes with: the jobs table's
 * put-if-absent, and the requests table's claims (replaceable when older than `:cutoff` or refused until before `:now`) and counters
 * (ADD below `:limit`). Atomicity under real concurrency is tested against dynalite instead.
 */
export function createApi(config: Partial<ApiConfig> = {}) {
  const ddb = mockClient(DynamoDBDocumentClient);
  const sqs = mockClient(SQSClient);
  const s3 = mockClient(S3Client);
  const items = new Map<string, JobItem>();
  const requests = new Map<string, RequestItem>();
  /** The suppression table: unconditional puts and gets. */
  const suppression = new Map<string, Record<string, unknown>>();

  ddb.on(PutCommand).callsFake((input: PutInput) => {
    if (input.TableName === CONFIG.SUPPRESSION_TABLE) {
      suppression.set(input.Item.pk as string, structuredClone(input.Item));
      return {};
    }
    if (input.TableName === CONFIG.REQUESTS_TABLE) {
      const item = input.Item as RequestItem;
      const existing = requests.get(item.pk);
      const { ':cutoff': cutoff, ':now': now } = input.ExpressionAttributeValues as Record<string, number>;
      const refusedUntil = (existing?.refused as { until_ms: number } | undefined)?.until_ms;
      const replaceable = (existing?.created_ms as number) < cutoff! || (refusedUntil ?? Infinity) <= now!;
      if (existing && !replaceable) throw conditionFailed();
      requests.set(item.pk, structuredClone(item));
      return {};
    }
    const item = input.Item as unknown as JobItem;
    if (items.has(item.job_id)) throw conditionFailed();
    items.set(item.job_id, structuredClone(item));
    return {};
  });
  ddb.on(GetCommand).callsFake((input: { TableName: string; Key: { job_id?: string; pk?: string } }) => {
    const item =
      input.TableName === CONFIG.SUPPRESSION_TABLE
        ? suppression.get(input.Key.pk!)
        : input.TableName === CONFIG.REQUESTS_TABLE
          ? requests.get(input.Key.pk!)
          : items.get(input.Key.job_id!);
    return item ? { Item: structuredClone(item) } : {};
  });
  ddb.on(UpdateCommand).callsFake((input: UpdateInput) => {
    const values = input.ExpressionAttributeValues;
    const existing = requests.get(input.Key.pk);
    if (values[':refusal'] !== undefined) {
      if (existing?.job_id !== values[':job']) throw conditionFailed();
      requests.set(input.Key.pk, { ...existing, pk: input.Key.pk, refused: values[':refusal'] });
      return {};
    }
    const count = (existing?.count as number | undefined) ?? 0;
    if (values[':limit'] !== undefined && count >= values[':limit']) throw conditionFailed();
    if (values[':minus'] !== undefined && !existing) throw conditionFailed();
    requests.set(input.Key.pk, {
      ...existing,
      pk: input.Key.pk,
      count: count + (values[':one'] ?? values[':minus'] ?? 0),
      expires_at: existing?.expires_at ?? values[':expires'],
    });
    return {};
  });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'message-1' });
  s3.on(HeadObjectCommand).resolves({ ContentLength: 1234 });

  let now = NOW;
  const s3Client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
  });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const handler = createApiHandler({
    config: { ...CONFIG, ...config },
    jobs: new JobsTable(CONFIG.JOBS_TABLE, documents, CONFIG.JOB_TTL_DAYS),
    requests: new RequestsTable(CONFIG.REQUESTS_TABLE, documents),
    suppression: new SuppressionTable(CONFIG.SUPPRESSION_TABLE, documents),

    sqs: new SQSClient({}),
    s3: s3Client,
    now: () => now,
    newJobId: randomJobId,
  });

  return {
    handler,
    ddb,
    sqs,
    s3,
    items,
    requests,
    suppression,
    /** A SuppressionTable on the mocked client, to issue tokens or suppress as notify and the bounce handler do. */
    suppressionTable: new SuppressionTable(CONFIG.SUPPRESSION_TABLE, documents),
    call: (event: APIGatewayProxyEventV2) => handler(event),
    /** Moves the API's clock (dedup windows). */
    setNow(date: Date) {
      now = date;
    },
    /** Writes to the jobs table. */
    puts: () =>
      ddb.commandCalls(PutCommand).filter((call) => call.args[0].input.TableName === CONFIG.JOBS_TABLE),
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
