/** Shared fixtures of the workflow scenarios: the job, the video, the generated audio, the mocked AWS state. */
import { DEFAULT_AUDIO_OPTIONS } from '../../../functions/shared/contract/audio-options.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach } from 'vitest';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import type { JobRequest, MediaInfo, NotifyRequest } from '../../../functions/shared/types.js';
import { generateClip, tempDirectory } from '../../support/media.js';
import { TABLES, mockedAws, type MockedAws } from './aws-mocks.js';
import { fakeSource, type FakeSourceOptions } from './fake-source.js';
import { holdCachedRendition, type WorkflowWorld } from './functions.js';

export const VIDEO_ID = 'dQw4w9WgXcQ';
export const EMAIL = 'listener@example.com';
export const request: JobRequest = {
  jobId: 'job-0123456789abcdef',
  url: `https://www.youtube.com/watch?v=${VIDEO_ID}`,
  format: 'mp3',
  options: DEFAULT_AUDIO_OPTIONS,
};
export const job: JobItem = {
  job_id: request.jobId,
  status: 'QUEUED',
  source_url: request.url,
  email: EMAIL,
  format: request.format,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
  expires_at: 1_800_000_000,
};
export const info: MediaInfo = {
  id: VIDEO_ID,
  title: 'Sine <Test> & Tone',
  author: 'Audio Sync Tests',
  durationSeconds: 2,
  isLive: false,
  audioCodec: 'mp3',
};

export const notifyRequests = (events: unknown[]) => events as NotifyRequest[];

/** Registers the suite's hooks and returns the scenario: fresh mocks per test, one generated clip per file. */
export function useWorkflowScenario() {
  let aws: MockedAws;
  const paths = { audio: '', notAudio: '' };

  beforeAll(async () => {
    const directory = tempDirectory('audio-sync-workflow-');
    paths.audio = await generateClip({
      seconds: 2,
      codec: 'mp3',
      directory,
      title: info.title,
      artist: info.author,
    });
    paths.notAudio = join(directory, 'not-audio.mp3');
    writeFileSync(paths.notAudio, 'this is a text file, not audio\n'.repeat(64));
  });
  beforeEach(() => {
    aws = mockedAws(job);
  });

  return {
    get aws() {
      return aws;
    },
    /** A file ffmpeg cannot decode. */
    get notAudioPath() {
      return paths.notAudio;
    },
    world(source: Partial<FakeSourceOptions> = {}, options: { cached?: boolean } = {}): WorkflowWorld {
      const built = { aws, source: fakeSource(request.url, { info, audioPath: paths.audio, ...source }) };
      if (options.cached) holdCachedRendition(built, request.format);
      return built;
    },
    /** The renditions written to the media table (what makes a later request a cache hit). */
    recordedRenditions(): unknown[] {
      return aws.tablesMock
        .commandCalls(UpdateCommand)
        .map((call) => call.args[0].input)
        .filter(
          (input) => input.TableName === TABLES.media && /= :renditions?$/.test(input.UpdateExpression ?? ''),
        )
        .map((input) => input.ExpressionAttributeValues);
    },
    /** The statuses the functions set on the job, in order, without repeats. */
    jobStatuses(): unknown[] {
      const statuses = aws.tablesMock
        .commandCalls(UpdateCommand)
        .map((call) => call.args[0].input)
        // Progress writes update the job too, but leave its status alone.
        .filter((input) => input.TableName === TABLES.jobs && input.ExpressionAttributeValues?.[':status'])
        .map((input) => input.ExpressionAttributeValues?.[':status']);
      return statuses.filter((status, index) => status !== statuses[index - 1]);
    },
    /** The emails sent through SES (accepted or not). */
    emailsSent() {
      return aws.sesMock.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    },
  };
}
