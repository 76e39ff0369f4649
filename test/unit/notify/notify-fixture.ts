/** Notify's test wiring: a mocked document client holding one job, mocked SES, an in-memory idempotency store. */
import { DEFAULT_AUDIO_OPTIONS } from '../../../functions/shared/contract/audio-options.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createNotifyHandler } from '../../../functions/notify/handler.js';
import type { NotifyDeps } from '../../../functions/notify/notify-job.js';
import { JobsTable, type JobItem } from '../../../functions/shared/tables/jobs.js';
import { MediaTable, type MediaItem } from '../../../functions/shared/tables/media.js';
import type { NotifyRequest, VideoSummary } from '../../../functions/shared/types.js';
import { MemoryPersistenceLayer } from './memory-persistence.js';

export const JOBS_TABLE = 'jobs-table';
export const MEDIA_TABLE = 'media-table';
export const SENDER = 'Audio Sync <no-reply@audiosync.example>';
export const REQUESTER = 'jane.doe@example.com';
export const PUBLIC_API_URL = 'https://api.example.com';
export const NOW = new Date('2030-05-01T12:00:00.000Z');

export const VIDEO: VideoSummary = {
  videoId: 'dQw4w9WgXcQ',
  title: 'Never Gonna Give You Up',
  author: 'Rick Astley',
  durationSeconds: 212,
  cached: false,
};

export const JOB: JobItem = {
  job_id: 'job-0001',
  status: 'EXTRACTING',
  source_url: 'https://youtu.be/dQw4w9WgXcQ',
  email: REQUESTER,
  format: 'mp3',
  created_at: '2030-05-01T11:58:00.000Z',
  updated_at: '2030-05-01T11:59:00.000Z',
  expires_at: 1_903_000_000,
  video_id: VIDEO.videoId,
  video: { id: VIDEO.videoId, title: VIDEO.title, author: VIDEO.author, durationSeconds: 212 },
};

export const DELIVERED: NotifyRequest = {
  outcome: 'DELIVERED',
  jobId: 'job-0001',
  url: JOB.source_url,
  format: 'mp3',
  options: DEFAULT_AUDIO_OPTIONS,
  video: VIDEO,
};

/** The media item as Extract left it: Notify reads the rendition from here (the ASL never passes it). */
export const MEDIA: MediaItem = {
  video_id: VIDEO.videoId,
  title: VIDEO.title,
  author: VIDEO.author,
  duration_s: 212,
  source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  updated_at: '2030-05-01T11:59:30.000Z',
  renditions: {
    mp3: {
      s3_key: 'audio/dQw4w9WgXcQ/mp3.mp3',
      bytes: 3_400_000,
      content_type: 'audio/mpeg',
      created_at: '2030-05-01T11:59:30.000Z',
    },
  },
};

/** The rejected payload as NotifyRejected builds it from validate's caught error. */
export function rejected(errorType: string, errorMessage: string): NotifyRequest {
  return {
    outcome: 'REJECTED',
    jobId: 'job-0001',
    url: JOB.source_url,
    format: 'mp3',
    error: { Error: errorType, Cause: JSON.stringify({ errorType, errorMessage, trace: [] }) },
  };
}

/** Enough of a Lambda context for Powertools to time the in-progress record. */
export function lambdaContext(): Context {
  return {
    functionName: 'notify',
    awsRequestId: 'request-1',
    getRemainingTimeInMillis: () => 60_000,
  } as Context;
}

export interface NotifyWorldOptions {
  job?: Partial<JobItem>;
  /** The media item (default MEDIA); `undefined` for none. */
  media?: MediaItem | undefined;
}

export function notifyWorld(options: NotifyWorldOptions = {}) {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const ses = new SESv2Client({ region: 'us-east-1' });
  const ddbMock = mockClient(documents);
  const sesMock = mockClient(ses);
  ddbMock.on(GetCommand, { TableName: JOBS_TABLE }).resolves({ Item: { ...JOB, ...options.job } });
  ddbMock
    .on(GetCommand, { TableName: MEDIA_TABLE })
    .resolves({ Item: 'media' in options ? options.media : MEDIA });
  ddbMock.on(UpdateCommand).resolves({});
  let sent = 0;
  sesMock.on(SendEmailCommand).callsFake(() => ({ MessageId: `message-${++sent}` }));
  const persistenceStore = new MemoryPersistenceLayer();
  const deps: NotifyDeps = {
    jobs: new JobsTable(JOBS_TABLE, documents),
    media: new MediaTable(MEDIA_TABLE, documents),
    ses,
    senderEmail: SENDER,
    publicApiUrl: PUBLIC_API_URL,
    linkTtlHours: 168,
    idempotency: { persistenceStore },
    clock: () => NOW,
  };
  const context = lambdaContext();
  const handler = createNotifyHandler(deps);
  return {
    deps,
    context,
    /** One handler instance, invoked with a Lambda-like context. */
    notify: (event: unknown) => handler(event, context),
    ddbMock,
    sesMock,
    persistenceStore,
    /** The SendEmail inputs, in order. */
    emails(): SendEmailCommandInput[] {
      return sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    },
    /** The ExpressionAttributeValues of each jobs-table update, in order. */
    jobUpdates(): Record<string, unknown>[] {
      return ddbMock
        .commandCalls(UpdateCommand, { TableName: JOBS_TABLE })
        .map((call) => call.args[0].input.ExpressionAttributeValues ?? {});
    },
  };
}

/** Subject, HTML and text of a sent email. */
export function contentOf(email: SendEmailCommandInput) {
  const simple = email.Content?.Simple;
  return {
    subject: simple?.Subject?.Data ?? '',
    html: simple?.Body?.Html?.Data ?? '',
    text: simple?.Body?.Text?.Data ?? '',
  };
}
