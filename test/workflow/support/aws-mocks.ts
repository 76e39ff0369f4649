/**
 * The AWS clients the real handlers get in workflow tests, answered by aws-sdk-client-mock. The jobs and
 * media items are kept in memory, so what one step writes the next step reads (Extract records the
 * rendition that Notify then links to).
 */
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import type { MediaItem } from '../../../functions/shared/tables/media.js';

export const TABLES = { jobs: 'jobs', media: 'media', idempotency: 'idempotency' };
export const BUCKET = 'media-bucket';

export interface StoredItems {
  job: JobItem;
  media: Partial<MediaItem> & { renditions?: MediaItem['renditions'] };
}

/** Applies the few update shapes the handlers send: the job's status and fields, the media renditions. */
function applyUpdate(items: StoredItems, input: UpdateCommandInput): void {
  const values = input.ExpressionAttributeValues ?? {};
  if (input.TableName === TABLES.jobs) {
    const names = input.ExpressionAttributeNames ?? {};
    for (const [placeholder, attribute] of Object.entries(names)) {
      const value = values[`:${placeholder.slice(1)}`];
      if (value !== undefined) Object.assign(items.job, { [attribute]: value });
    }
    return;
  }
  if (input.TableName !== TABLES.media) return;
  if (':rendition' in values) {
    const format = input.ExpressionAttributeNames?.['#format'] as keyof MediaItem['renditions'];
    items.media.renditions = { ...items.media.renditions, [format]: values[':rendition'] };
  } else if (':renditions' in values) {
    items.media.renditions = values[':renditions'];
  } else if (':title' in values) {
    items.media = { ...items.media, title: values[':title'], renditions: items.media.renditions ?? {} };
  }
}

export function mockedAws(job: JobItem) {
  const dynamoDb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({});
  const ses = new SESv2Client({});
  const items: StoredItems = { job: structuredClone(job), media: {} };

  // Powertools idempotency speaks to DynamoDB directly: every call finds no earlier record.
  const idempotencyMock = mockClient(dynamoDb);
  idempotencyMock.on(PutItemCommand).resolves({});
  idempotencyMock.on(UpdateItemCommand).resolves({});
  idempotencyMock.on(DeleteItemCommand).resolves({});
  idempotencyMock.on(GetItemCommand).resolves({});

  const tablesMock = mockClient(documents);
  tablesMock
    .on(GetCommand, { TableName: TABLES.jobs })
    .callsFake(() => ({ Item: structuredClone(items.job) }));
  tablesMock.on(GetCommand, { TableName: TABLES.media }).callsFake(() => ({
    Item: items.media.renditions ? structuredClone(items.media) : undefined,
  }));
  tablesMock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    applyUpdate(items, input);
    return {};
  });

  const s3Mock = mockClient(s3);
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3Mock.on(UploadPartCommand).resolves({ ETag: '"part"' });
  s3Mock.on(CompleteMultipartUploadCommand).resolves({});
  s3Mock.on(AbortMultipartUploadCommand).resolves({});
  s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 48_000 });

  const sesMock = mockClient(ses);
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'message-1' });

  return { dynamoDb, documents, s3, ses, items, idempotencyMock, tablesMock, s3Mock, sesMock };
}

export type MockedAws = ReturnType<typeof mockedAws>;
