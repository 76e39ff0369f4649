/** Validate's test wiring: mocked DynamoDB (documents) and S3 clients, real table classes, a fake source. */
import { DEFAULT_AUDIO_OPTIONS } from '../../../functions/shared/contract/audio-options.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import type { ValidateDeps } from '../../../functions/validate/validate-video.js';
import type { MediaSource } from '../../../functions/shared/media/types.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { MediaTable, type StoredRendition } from '../../../functions/shared/tables/media.js';
import type { MediaInfo } from '../../../functions/shared/types.js';

export const JOBS_TABLE = 'jobs-table';
export const MEDIA_TABLE = 'media-table';
export const BUCKET = 'media-bucket';
export const NOW = new Date('2030-05-01T12:00:00.000Z');

export const VIDEO: MediaInfo = {
  id: 'dQw4w9WgXcQ',
  title: 'Never Gonna Give You Up',
  author: 'Rick Astley',
  durationSeconds: 212,
  isLive: false,
  thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
  audioCodec: 'opus',
};

export const REQUEST = {
  jobId: 'job-1',
  url: 'https://youtu.be/dQw4w9WgXcQ',
  format: 'mp3' as const,
  options: DEFAULT_AUDIO_OPTIONS,
};

export const MP3_RENDITION: StoredRendition = {
  s3_key: 'audio/dQw4w9WgXcQ/mp3.mp3',
  bytes: 3_400_000,
  content_type: 'audio/mpeg',
  created_at: '2030-04-30T10:00:00.000Z',
};

/** A source whose probe answers `info` (or throws `probeError`); openAudio must never be called by validate. */
export function fakeSource(info: Partial<MediaInfo> = {}, probeError?: Error) {
  const probed = { ...VIDEO, ...info };
  const source = {
    kind: 'youtube',
    videoId: probed.id,
    url: `https://www.youtube.com/watch?v=${probed.id}`,
    probe: vi.fn(async () => {
      if (probeError) throw probeError;
      return probed;
    }),
    openAudio: vi.fn(async () => {
      throw new Error('validate must not open the audio');
    }),
  } satisfies MediaSource;
  return source;
}

export interface WorldOptions {
  source?: MediaSource;
  /** What the media table holds for the video before validation. */
  renditions?: Record<string, StoredRendition>;
  /** Whether the rendition's object is still in the bucket. */
  objectExists?: boolean;
  maxDurationSeconds?: number;
}

export function validateWorld(options: WorldOptions = {}) {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const s3 = new S3Client({ region: 'us-east-1' });
  const ddbMock = mockClient(documents);
  const s3Mock = mockClient(s3);
  ddbMock.on(UpdateCommand).resolves({});
  ddbMock.on(GetCommand, { TableName: MEDIA_TABLE }).resolves({
    Item: options.renditions
      ? { video_id: VIDEO.id, title: VIDEO.title, renditions: options.renditions }
      : undefined,
  });
  if (options.objectExists === false) {
    s3Mock
      .on(HeadObjectCommand)
      .rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
  } else {
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: MP3_RENDITION.bytes });
  }
  const source = options.source ?? fakeSource();
  const deps: ValidateDeps = {
    s3,
    bucket: BUCKET,
    jobs: new JobsTable(JOBS_TABLE, documents),
    media: new MediaTable(MEDIA_TABLE, documents),
    resolveSource: () => source,
    maxDurationSeconds: options.maxDurationSeconds ?? 1800,
    clock: () => NOW,
  };
  return {
    deps,
    source,
    ddbMock,
    s3Mock,
    /** The inputs of every UpdateCommand sent to one table, in order. */
    updates(table: string) {
      return ddbMock.commandCalls(UpdateCommand, { TableName: table }).map((call) => call.args[0].input);
    },
  };
}
