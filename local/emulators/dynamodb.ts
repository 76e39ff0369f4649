/** DynamoDB on loopback: dynalite (LevelDB on disk when a directory is given, else memory), tables from the shared schema. */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { TABLES } from '../../functions/shared/tables/schema.js';
import { closeServer, listenOnLoopback } from './listen.js';

type DynaliteFactory = (options: { path?: string; createTableMs?: number; deleteTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export type TableKey = keyof typeof TABLES;

export interface DynamoDbEmulator {
  endpoint: string;
  tableNames: Record<TableKey, string>;
  stop(): Promise<void>;
}

export async function startDynamoDb(options: {
  path?: string;
  tableNames: Record<TableKey, string>;
  clientConfig: DynamoDBClientConfig;
}): Promise<DynamoDbEmulator> {
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0 });
  const endpoint = await listenOnLoopback(server);
  const client = new DynamoDBClient({ ...options.clientConfig, endpoint });
  try {
    for (const [key, table] of Object.entries(TABLES) as [TableKey, (typeof TABLES)[TableKey]][]) {
      await createTableIfMissing(client, options.tableNames[key], table.partitionKey);
    }
  } finally {
    client.destroy();
  }
  // dynalite has no TTL: expired items stay until deleted (the deployed tables expire them).
  return { endpoint, tableNames: options.tableNames, stop: () => closeServer(server) };
}

async function createTableIfMissing(
  client: DynamoDBClient,
  name: string,
  partitionKey: string,
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    // A persisted store already has its tables.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
