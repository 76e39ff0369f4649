/**
 * AWS SDK clients, created once per process. Endpoints come from the SDK's own `AWS_ENDPOINT_URL_*`
 * variables, so the same code talks to AWS or to the local stack's emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { TableThrottled } from './errors.js';

const DYNAMODB_THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/**
 * Throttling that outlasts the SDK's own retries becomes TableThrottled, a name each step's Retry knows:
 * otherwise a throttled status write after a sent email fails the execution and apologises for a success.
 */
export function withThrottlingAsTransient(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const name = (error as Error).name;
        if (!DYNAMODB_THROTTLING.has(name)) throw error;
        throw new TableThrottled(`DynamoDB throttled the request after the SDK's retries (${name})`, {
          cause: error,
        });
      }
    },
    // The initialize step sits outside the retry middleware: only what the SDK gave up on is mapped.
    { step: 'initialize', name: 'throttlingAsTransient' },
  );
  return client;
}

function once<T>(create: () => T): () => T {
  let instance: T | undefined;
  return () => (instance ??= create());
}

// S3 emulators answer on one host, not on bucket subdomains.
// eslint-disable-next-line no-restricted-properties -- the SDK's own endpoint variable, not our config
const s3UsesCustomEndpoint = () => Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);

// /* @__PURE__ */ lets esbuild drop the clients a function never uses (each bundle stays under 1 MiB).
export const dynamoDbClient = /* @__PURE__ */ once(() => withThrottlingAsTransient(new DynamoDBClient({})));
export const documentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(dynamoDbClient(), { marshallOptions: { removeUndefinedValues: true } }),
);
export const s3Client = /* @__PURE__ */ once(() => new S3Client({ forcePathStyle: s3UsesCustomEndpoint() }));
export const sqsClient = /* @__PURE__ */ once(() => new SQSClient({}));
export const sfnClient = /* @__PURE__ */ once(() => new SFNClient({}));
export const sesClient = /* @__PURE__ */ once(() => new SESv2Client({}));
