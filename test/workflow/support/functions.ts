/**
 * The three functions as the workflow tests run them: the real handlers over mocked AWS clients and a
 * fake source driver. Validate and Notify are stand-ins until their real handlers land.
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createExtractHandler } from '../../../functions/extract/handler.js';
import { locateFfmpeg } from '../../../functions/shared/ffmpeg/locate.js';
import type { MediaSource } from '../../../functions/shared/media/types.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { MediaTable } from '../../../functions/shared/tables/media.js';
import type { NotifyRequest, VideoSummary } from '../../../functions/shared/types.js';
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

function validateStandIn(world: WorkflowWorld): WorkflowHandler {
  return async () => {
    const info = await world.source.probe();
    const summary: VideoSummary = {
      videoId: info.id,
      title: info.title,
      author: info.author,
      durationSeconds: info.durationSeconds,
      audioCodec: info.audioCodec,
      cached: world.cached,
    };
    return summary;
  };
}

function notifyStandIn(): WorkflowHandler {
  return async (event: never) => ({ outcome: (event as NotifyRequest).outcome });
}

export function workflowFunctions(world: WorkflowWorld) {
  const functions = {
    validate: recording(validateStandIn(world)),
    extract: recording(extractFunction(world)),
    notify: recording(notifyStandIn()),
  } satisfies WorkflowFunctions;
  return functions;
}
