/**
 * The suppression table: addresses we must not mail again (a hard bounce, a complaint, an unsubscribe),
 * stored only as a SHA-256 digest of the address; and the one-click unsubscribe tokens our emails carry,
 * stored only as a hash (the token is a bearer capability, like a download link).
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES } from './schema.js';

export type SuppressionReason = 'BOUNCE' | 'COMPLAINT' | 'UNSUBSCRIBE';

/** How long an emailed unsubscribe link works: mail stays in inboxes for a long time. */
export const UNSUBSCRIBE_TOKEN_DAYS = 400;

const PK = TABLES.suppression.partitionKey;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The stored form of an address: never the address itself. */
export function addressDigest(email: string): string {
  return sha256(`address:${email.trim().toLowerCase()}`);
}

interface TokenItem {
  pk: string;
  address: string;
  expires_at: number;
}

export class SuppressionTable {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient,
  ) {}

  async isSuppressed(email: string): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PK]: `address#${addressDigest(email)}` },
        ConsistentRead: true,
      }),
    );
    return result.Item !== undefined;
  }

  /** Suppresses an address by its digest; repeating it changes nothing that matters. */
  async suppress(digest: string, reason: SuppressionReason, now = new Date()): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { [PK]: `address#${digest}`, reason, suppressed_at: now.toISOString() },
      }),
    );
  }

  /** A new unsubscribe token for this address (256 random bits, base64url); only its hash is stored. */
  async issueToken(email: string, now = new Date()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const item: TokenItem = {
      pk: `token#${sha256(token)}`,
      address: addressDigest(email),
      expires_at: Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_TOKEN_DAYS * 86_400,
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
    return token;
  }

  /** Suppresses the address a token was issued for: false when the token is unknown or expired. */
  async unsubscribe(token: string, now = new Date()): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PK]: `token#${sha256(token)}` },
        ConsistentRead: true,
      }),
    );
    const item = result.Item as TokenItem | undefined;
    if (!item || item.expires_at * 1000 <= now.getTime()) return false;
    await this.suppress(item.address, 'UNSUBSCRIBE', now);
    return true;
  }
}
