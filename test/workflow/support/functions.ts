/**
 * The three functions as the workflow tests run them: the real handlers over mocked AWS clients and a
 * fake source driver. Notify is a stand-in until its real handler lands.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createExtractHandler } from '../../../functions/extract/handler.js';
import { createValidateHandler } from '../../../functions/validate/handler.js';
import { locateFfmpeg } from '../../../functions/shared/ffmpeg/locate.js';
import type { MediaSource } from '../../../functions/shared/media/types.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { MediaTable } from '../../../functions/shared/tables/media.js';
import { renditionKey, type NotifyRequest } from '../../../functions/shared/types.js';
import type { MockedAws } from './aws-mocks.js';
import { recording, type WorkflowFunctions, type WorkflowHandler } from './workflow-harness.js';

export const TABLES = { jobs: 'jobs', media: 'media', idempotency: 'idempotency' };
export const BUCKET = 'media-bucket';

export interface WorkflowWorld {
  aws: MockedAws;
  source: MediaSource;
  /** Whether the rendition is already in S3 (what Validate answers as `cached`). */
  cached: boolean;
}

export function extractFunction(world: WorkflowWorld): WorkflowHandler {
  return createExtractHandler({
    s3: world.aws.s3,
    bucket: BUCKET,
    media: new MediaTable(TABLES.media, world.aws.documents),
    jobs: new JobsTable(TABLES.jobs, world.aws.documents),
    resolveSource: () => world.source,
    ffmpegPath: () => locateFfmpeg(),
    idempotency: {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: TABLES.idempotency,
        awsSdkV3Client: world.aws.dynamoDb,
      }),
    },
  }) as WorkflowHandler;
}

export const MAX_DURATION_SECONDS = 1800;

/** Makes the media table and the bucket hold an mp3 rendition of the source's video. */
function holdCachedRendition(world: WorkflowWorld): void {
  const s3Key = renditionKey(world.source.videoId, 'mp3');
  world.aws.tablesMock.on(GetCommand, { TableName: TABLES.media }).resolves({
    Item: {
      video_id: world.source.videoId,
      renditions: {
        mp3: {
          s3_key: s3Key,
          bytes: 48_000,
          content_type: 'audio/mpeg',
          created_at: '2025-01-01T00:00:00.000Z',
        },
      },
    },
  });
  world.aws.s3Mock.on(HeadObjectCommand, { Bucket: BUCKET, Key: s3Key }).resolves({ ContentLength: 48_000 });
}

export function validateFunction(world: WorkflowWorld): WorkflowHandler {
  if (world.cached) holdCachedRendition(world);
  return createValidateHandler({
    s3: world.aws.s3,
    bucket: BUCKET,
    jobs: new JobsTable(TABLES.jobs, world.aws.documents),
    media: new MediaTable(TABLES.media, world.aws.documents),
    resolveSource: () => world.source,
    maxDurationSeconds: MAX_DURATION_SECONDS,
  }) as WorkflowHandler;
}

function notifyStandIn(): WorkflowHandler {
  return async (event: never) => ({ outcome: (event as NotifyRequest).outcome });
}

export function workflowFunctions(world: WorkflowWorld) {
  const functions = {
    validate: recording(validateFunction(world)),
    extract: recording(extractFunction(world)),
    notify: recording(notifyStandIn()),
  } satisfies WorkflowFunctions;
  return functions;
}
