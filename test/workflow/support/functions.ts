/**
 * The three functions as the workflow tests run them: the real handlers over mocked AWS clients
 * (support/aws-mocks.ts) and a fake source driver, recording the events the state machine gives them.
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createExtractHandler } from '../../../functions/extract/handler.js';
import { createNotifyHandler } from '../../../functions/notify/handler.js';
import { locateFfmpeg } from '../../../functions/shared/ffmpeg/locate.js';
import type { MediaSource } from '../../../functions/shared/media/types.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { MediaTable } from '../../../functions/shared/tables/media.js';
import { renditionKey, type AudioFormat } from '../../../functions/shared/types.js';
import { createValidateHandler } from '../../../functions/validate/handler.js';
import { BUCKET, TABLES, type MockedAws } from './aws-mocks.js';
import { recording, type WorkflowFunctions, type WorkflowHandler } from './workflow-harness.js';

export const MAX_DURATION_SECONDS = 1800;
export const SENDER_EMAIL = 'audio-sync@example.com';
export const PUBLIC_API_URL = 'https://api.audio-sync.example.com';

export interface WorkflowWorld {
  aws: MockedAws;
  source: MediaSource;
}

/** Makes the media table and the bucket hold a rendition of the source's video (a cache hit for Validate). */
export function holdCachedRendition(world: WorkflowWorld, format: AudioFormat): void {
  world.aws.items.media = {
    video_id: world.source.videoId,
    renditions: {
      [format]: {
        s3_key: renditionKey(world.source.videoId, format),
        bytes: 48_000,
        content_type: 'audio/mpeg',
        created_at: '2025-01-01T00:00:00.000Z',
      },
    },
  };
}

function tables(world: WorkflowWorld) {
  return {
    jobs: new JobsTable(TABLES.jobs, world.aws.documents),
    media: new MediaTable(TABLES.media, world.aws.documents),
  };
}

function idempotencyStore(world: WorkflowWorld) {
  return new DynamoDBPersistenceLayer({ tableName: TABLES.idempotency, awsSdkV3Client: world.aws.dynamoDb });
}

export function validateFunction(world: WorkflowWorld): WorkflowHandler {
  return createValidateHandler({
    ...tables(world),
    s3: world.aws.s3,
    bucket: BUCKET,
    resolveSource: () => world.source,
    maxDurationSeconds: MAX_DURATION_SECONDS,
  }) as WorkflowHandler;
}

export function extractFunction(world: WorkflowWorld): WorkflowHandler {
  return createExtractHandler({
    ...tables(world),
    s3: world.aws.s3,
    bucket: BUCKET,
    resolveSource: () => world.source,
    ffmpegPath: () => locateFfmpeg(),
    idempotency: { persistenceStore: idempotencyStore(world) },
  }) as WorkflowHandler;
}

export function notifyFunction(world: WorkflowWorld): WorkflowHandler {
  return createNotifyHandler({
    ...tables(world),
    ses: world.aws.ses,
    senderEmail: SENDER_EMAIL,
    publicApiUrl: PUBLIC_API_URL,
    linkTtlHours: 168,
    idempotency: { persistenceStore: idempotencyStore(world) },
  }) as WorkflowHandler;
}

export function workflowFunctions(world: WorkflowWorld) {
  return {
    validate: recording(validateFunction(world)),
    extract: recording(extractFunction(world)),
    notify: recording(notifyFunction(world)),
  } satisfies WorkflowFunctions;
}
