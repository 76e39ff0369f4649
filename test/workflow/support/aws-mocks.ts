/** The AWS clients the real handlers get in workflow tests, each answered by aws-sdk-client-mock. */
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
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

export function mockedAws() {
  const dynamoDb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamoDb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({});
  const ses = new SESv2Client({});

  // Powertools idempotency speaks to DynamoDB directly; the tables go through the document client.
  const idempotencyMock = mockClient(dynamoDb);
  idempotencyMock.on(PutItemCommand).resolves({});
  idempotencyMock.on(UpdateItemCommand).resolves({});
  idempotencyMock.on(DeleteItemCommand).resolves({});
  idempotencyMock.on(GetItemCommand).resolves({});

  const tablesMock = mockClient(documents);
  tablesMock.on(UpdateCommand).resolves({});
  tablesMock.on(PutCommand).resolves({});
  tablesMock.on(GetCommand).resolves({});

  const s3Mock = mockClient(s3);
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"etag"' });
  s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
  s3Mock.on(UploadPartCommand).resolves({ ETag: '"part"' });
  s3Mock.on(CompleteMultipartUploadCommand).resolves({});
  s3Mock.on(AbortMultipartUploadCommand).resolves({});

  const sesMock = mockClient(ses);
  sesMock.on(SendEmailCommand).resolves({ MessageId: 'message-1' });

  return { dynamoDb, documents, s3, ses, idempotencyMock, tablesMock, s3Mock, sesMock };
}

export type MockedAws = ReturnType<typeof mockedAws>;
