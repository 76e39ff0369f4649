/**
 * The local stack for fault scenarios, and the invariants every scenario ends with: one email per job,
 * no object in the bucket that no rendition records, no rendition recorded for a missing or short object,
 * and no multipart upload left open.
 */
import { expect } from 'vitest';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { s3Client } from '../../functions/shared/aws.js';
import type { MediaItem } from '../../functions/shared/tables/media.js';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { noRetryDelays } from '../../local/step-functions/runner/run-state-machine.js';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/index.js';
import { trackMultipartUploads } from '../support/faults.js';

export const NO_RETRY_WAITS = noRetryDelays(
  loadStateMachineDefinition({ ValidateFunctionArn: 'v', ExtractFunctionArn: 'e', NotifyFunctionArn: 'n' }),
);

export interface FaultStack {
  stack: LocalStack;
  /** Multipart uploads created through the handlers' S3 client. */
  multipartUploads(): string[];
  /** Those of them neither completed nor aborted. */
  openMultipartUploads(): string[];
  stop(): Promise<void>;
}

/** A memory-only stack with no retry waits (unless overridden) whose handlers' S3 uploads are followed. */
export async function startFaultStack(options: Partial<LocalStackOptions> = {}): Promise<FaultStack> {
  const stack = await startLocalStack({
    port: 0,
    retryIntervalOverrides: NO_RETRY_WAITS,
    onError: () => undefined,
    ...options,
  });
  // The handlers' shared client exists only once the stack has set the endpoints.
  const uploads = trackMultipartUploads(s3Client());
  return {
    stack,
    multipartUploads: uploads.created,
    openMultipartUploads: uploads.open,
    stop: async () => {
      uploads.remove();
      await stack.stop();
    },
  };
}

/** Waits until `probe` answers something truthy; the suite's timeout bounds it. */
export async function eventually<T>(probe: () => Promise<T> | T): Promise<NonNullable<T>> {
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Subjects of the emails each address received. */
export function subjectsTo(stack: LocalStack, to: string): string[] {
  return stack
    .emails()
    .filter((email) => email.to === to)
    .map((email) => email.subject);
}

/**
 * Every object in the bucket is a recorded rendition, every recorded rendition is an object of exactly
 * its recorded size, and no multipart upload is left open.
 */
export async function expectStorageConsistent(faultStack: FaultStack): Promise<void> {
  const { resources } = faultStack.stack;
  const s3 = new S3Client({
    region: resources.region,
    endpoint: resources.endpoints.s3,
    forcePathStyle: true,
  });
  const dynamoDb = new DynamoDBClient({ region: resources.region, endpoint: resources.endpoints.dynamoDb });
  const documents = DynamoDBDocumentClient.from(dynamoDb);
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: resources.bucket }));
    const objects = new Map((listed.Contents ?? []).map((object) => [object.Key!, object.Size!]));
    const scanned = await documents.send(new ScanCommand({ TableName: resources.mediaTable }));
    const recorded = ((scanned.Items ?? []) as MediaItem[]).flatMap((item) =>
      Object.values(item.renditions ?? {}).map((rendition) => rendition!),
    );

    expect([...objects.keys()].sort()).toEqual(recorded.map((rendition) => rendition.s3_key).sort());
    for (const rendition of recorded) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: resources.bucket, Key: rendition.s3_key }));
      expect(head.ContentLength, rendition.s3_key).toBe(rendition.bytes);
    }
    expect(faultStack.openMultipartUploads()).toEqual([]);
  } finally {
    s3.destroy();
    dynamoDb.destroy();
  }
}

/** Per state, how many times its Task was scheduled (first attempt, retries, redrives). */
export function taskAttempts(events: HistoryEvent[]): Record<string, number> {
  const attempts: Record<string, number> = {};
  let state = '';
  for (const event of events) {
    if (event.stateEnteredEventDetails?.name) state = event.stateEnteredEventDetails.name;
    if (event.type === 'TaskScheduled') attempts[state] = (attempts[state] ?? 0) + 1;
  }
  return attempts;
}

/** The error names of failed Task attempts, in order. */
export function taskErrors(events: HistoryEvent[]): string[] {
  return events
    .filter((event) => event.type === 'TaskFailed')
    .map((event) => event.taskFailedEventDetails?.error ?? '');
}
