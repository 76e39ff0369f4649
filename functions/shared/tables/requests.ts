/**
 * The requests table: which job an Idempotency-Key or a repeated body maps to (a claim), written with a
 * conditional put so exactly one of several racing requests wins; and the hourly rate-limit counters.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AudioFormat } from '../types.js';
import { TABLES } from './schema.js';

/** A claim: a request's scope (client, key or body) pointing at the job it created. */
export interface RequestClaim {
  pk: string;
  job_id: string;
  source_url: string;
  format: AudioFormat;
  /** The rendition asked for (format and options, `renditionName`); absent on claims from before options. */
  rendition?: string;
  /** Epoch milliseconds; a body claim older than the dedup window may be taken over. */
  created_ms: number;
  /** Epoch seconds: DynamoDB TTL. */
  expires_at: number;
  /** Set when the request was refused by a rate limit: its retries are refused alike until `until_ms`. */
  refused?: Refusal;
}

export interface Refusal {
  field: string;
  message: string;
  until_ms: number;
}

export type ClaimResult = { claimed: true; claim: RequestClaim } | { claimed: false; claim: RequestClaim };

const PK = TABLES.requests.partitionKey;

export class RequestsTable {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient,
  ) {}

  async find(pk: string): Promise<RequestClaim | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PK]: pk }, ConsistentRead: true }),
    );
    return result.Item as RequestClaim | undefined;
  }

  /**
   * Writes the claim unless a live one holds its key (live: created at or after `cutoffMs`, and not
   * refused in a window that ended by `nowMs`); on losing, returns the claim that won.
   */
  async claim(claim: RequestClaim, cutoffMs: number, nowMs: number): Promise<ClaimResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: claim,
          ConditionExpression: `attribute_not_exists(${PK}) OR created_ms < :cutoff OR refused.until_ms <= :now`,
          ExpressionAttributeValues: { ':cutoff': cutoffMs, ':now': nowMs },
        }),
      );
      return { claimed: true, claim };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.find(claim.pk);
      if (!winner) throw error;
      return { claimed: false, claim: winner };
    }
  }

  /** Marks the claim refused (only while it is still this request's claim). */
  async refuse(claim: RequestClaim, refusal: Refusal): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: claim.pk },
          UpdateExpression: 'SET refused = :refusal',
          ConditionExpression: 'job_id = :job',
          ExpressionAttributeValues: { ':refusal': refusal, ':job': claim.job_id },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * Adds one to a counter unless it already reached `limit`: true when counted. One UpdateItem, so
   * concurrent requests can never count past the limit together.
   */
  async increment(pk: string, limit: number, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: pk },
          UpdateExpression: 'ADD #count :one SET expires_at = if_not_exists(expires_at, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives back one count (a request that was counted but then found to be a duplicate or refused). */
  async decrement(pk: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: pk },
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: `attribute_exists(${PK})`,
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minus': -1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
