/** An in-process DynamoDB (dynalite) with the jobs and idempotency tables, for checks of real condition expressions. */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../../functions/shared/tables/schema.js';

type DynaliteFactory = (options: { createTableMs: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export const TABLE_NAMES = { jobs: 'jobs', idempotency: 'idempotency' };

/** A pay-per-request table keyed on one string attribute, as the CDK app declares ours. */
export async function createTable(client: DynamoDBClient, name: string, key: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export async function startDynalite() {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1' });
  await createTable(client, TABLE_NAMES.jobs, TABLES.jobs.partitionKey);
  await createTable(client, TABLE_NAMES.idempotency, TABLES.idempotency.partitionKey);
  return {
    client,
    documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
