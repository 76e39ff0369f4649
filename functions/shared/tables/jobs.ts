/** The jobs table: one item per request, its status and what the user may see of it. */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { JobNotFound } from '../errors.js';
import type { AudioOptions } from '../contract/audio-options.js';
import type { AudioFormat, JobStatus } from '../types.js';
import { TABLES } from './schema.js';

export interface JobVideo {
  id: string;
  title: string;
  author: string;
  durationSeconds: number;
  thumbnailUrl?: string;
}

export interface JobFailure {
  /** The state the execution failed at (e.g. `Extract`). */
  state?: string;
  error: string;
  cause?: string;
}

export interface JobItem {
  job_id: string;
  status: JobStatus;
  source_url: string;
  email: string;
  format: AudioFormat;
  /** The audio options asked for (absent on jobs from before they existed: the defaults). */
  options?: AudioOptions;
  created_at: string;
  updated_at: string;
  /** Epoch seconds: DynamoDB TTL. */
  expires_at: number;
  video_id?: string;
  video?: JobVideo;
  /** Plain-words reason for REJECTED or FAILED. */
  reason?: string;
  error?: JobFailure;
  execution_arn?: string;
  /** SHA-256 (hex) of the download token's secret part; the token itself is never stored. */
  link_hash?: string;
  /** ISO time after which the download link answers 410. */
  link_expires_at?: string;
  s3_key?: string;
  /** ISO time the one apology email was sent: a later failure of the same job sends none. */
  apologized_at?: string;
  /** Fraction (0–1) of the audio extracted, written by extract while the job is EXTRACTING. */
  progress?: number;
}

/** Statuses whose `reason` (and `error`) describe the job now; every other status clears them. */
const STATUSES_WITH_REASON = new Set<JobStatus>(['FAILED', 'REJECTED']);
const CLEARED_ON_PROGRESS = ['reason', 'error'] as const;

export type NewJob = Pick<JobItem, 'job_id' | 'source_url' | 'email' | 'format' | 'options'>;

/** Fields that may change after creation, with the status. */
export type JobUpdate = Partial<
  Pick<
    JobItem,
    'video_id' | 'video' | 'reason' | 'error' | 'execution_arn' | 'link_hash' | 'link_expires_at' | 's3_key'
  >
>;

export class JobsTable {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient,
    private readonly ttlDays = 30,
  ) {}

  /** Writes a QUEUED job unless one with this id exists; either way returns the stored job. */
  async create(job: NewJob, now = new Date()): Promise<{ created: boolean; job: JobItem }> {
    const item: JobItem = {
      ...job,
      status: 'QUEUED',
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      expires_at: Math.floor(now.getTime() / 1000) + this.ttlDays * 86_400,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: `attribute_not_exists(${TABLES.jobs.partitionKey})`,
        }),
      );
      return { created: true, job: item };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(job.job_id);
      if (!existing) throw error;
      return { created: false, job: existing };
    }
  }

  async get(jobId: string): Promise<JobItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { job_id: jobId }, ConsistentRead: true }),
    );
    return result.Item as JobItem | undefined;
  }

  /** Like `get`, but a missing job is a JobNotFound fault. */
  async require(jobId: string): Promise<JobItem> {
    const job = await this.get(jobId);
    if (!job) throw new JobNotFound(`Job ${jobId} does not exist`);
    return job;
  }

  /**
   * Sets FAILED with what went wrong (a failed redrive or replay replaces an earlier failure's details).
   * Returns the item as it was before, or undefined when there is no such job.
   */
  async markFailed(
    jobId: string,
    fields: Pick<JobUpdate, 'reason' | 'error'>,
    now = new Date(),
  ): Promise<JobItem | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { job_id: jobId },
          UpdateExpression: 'SET #status = :failed, #updated = :now, #reason = :reason, #error = :error',
          ConditionExpression: `attribute_exists(${TABLES.jobs.partitionKey})`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#updated': 'updated_at',
            '#reason': 'reason',
            '#error': 'error',
          },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':now': now.toISOString(),
            ':reason': fields.reason ?? null,
            ':error': fields.error ?? null,
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes as JobItem | undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Claims the job's one apology email: true once per job, false ever after (a duplicate failure event, a
   * failed redrive or replay) and for a job whose download link was already sent.
   */
  async claimApology(jobId: string, now = new Date()): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { job_id: jobId },
          UpdateExpression: 'SET #apologized = :now',
          ConditionExpression: `attribute_exists(${TABLES.jobs.partitionKey}) AND attribute_not_exists(#apologized) AND attribute_not_exists(#link)`,
          ExpressionAttributeNames: { '#apologized': 'apologized_at', '#link': 'link_hash' },
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Records extraction progress while the job is EXTRACTING; a job that moved on keeps what it has, so a
   * late write can never reopen it. Leaves `updated_at` alone: progress is not a change of state.
   */
  async recordProgress(jobId: string, fraction: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { job_id: jobId },
          UpdateExpression: 'SET #progress = :progress',
          ConditionExpression: '#status = :extracting',
          ExpressionAttributeNames: { '#progress': 'progress', '#status': 'status' },
          ExpressionAttributeValues: { ':progress': fraction, ':extracting': 'EXTRACTING' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Sets the status and any given fields; the job must exist. */
  async update(jobId: string, status: JobStatus, fields: JobUpdate = {}, now = new Date()): Promise<void> {
    const values: Record<string, unknown> = { status, updated_at: now.toISOString(), ...fields };
    const entries = Object.entries(values).filter(([, value]) => value !== undefined);
    // A job moving on (a redrive, a replay) or delivered no longer carries an earlier failure's reason.
    const cleared = STATUSES_WITH_REASON.has(status)
      ? []
      : CLEARED_ON_PROGRESS.filter((key) => fields[key] === undefined);
    const remove = cleared.length ? ` REMOVE ${cleared.map((key) => `#${key}`).join(', ')}` : '';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { job_id: jobId },
          UpdateExpression: `SET ${entries.map(([key]) => `#${key} = :${key}`).join(', ')}${remove}`,
          ExpressionAttributeNames: Object.fromEntries(
            [...entries.map(([key]) => key), ...cleared].map((key) => [`#${key}`, key]),
          ),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([key, value]) => [`:${key}`, value])),
          ConditionExpression: `attribute_exists(${TABLES.jobs.partitionKey})`,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new JobNotFound(`Job ${jobId} does not exist`, { cause: error });
      }
      throw error;
    }
  }
}
