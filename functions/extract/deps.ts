/** The deployed wiring of extract: config from the environment, the shared SDK clients, the real source drivers. */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { documentClient, dynamoDbClient, s3Client } from '../shared/aws.js';
import { locateFfmpeg } from '../shared/ffmpeg/locate.js';
import { resolveSource } from '../shared/media/resolve-source.js';
import { JobsTable } from '../shared/tables/jobs.js';
import { MediaTable } from '../shared/tables/media.js';
import { availableParallelism } from 'node:os';
import { extractConfig } from './config.js';
import { encoderWorkers } from './encoder-workers.js';
import type { ExtractDeps } from './extract-audio.js';

export function defaultExtractDeps(): ExtractDeps {
  const config = extractConfig.load();
  let ffmpegPath: string | undefined;
  return {
    s3: s3Client(),
    bucket: config.MEDIA_BUCKET,
    media: new MediaTable(config.MEDIA_TABLE, documentClient()),
    jobs: new JobsTable(config.JOBS_TABLE, documentClient()),
    resolveSource: (url) => resolveSource(url, config),
    maxDurationSeconds: config.MAX_DURATION_SECONDS,
    coverArt: { config },
    encoderWorkers: encoderWorkers(availableParallelism(), config.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
    ffmpegPath: () => (ffmpegPath ??= locateFfmpeg({ configured: config.FFMPEG_PATH })),
    idempotency: {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: config.IDEMPOTENCY_TABLE,
        awsSdkV3Client: dynamoDbClient(),
      }),
    },
  };
}
