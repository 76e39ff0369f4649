import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ExtractionFailed,
  InvalidSource,
  REJECTION_ERRORS,
  SourceBlocked,
  SourceUnreachable,
  VideoUnavailable,
} from '../../functions/shared/errors.js';
import type { JobRequest, MediaInfo, NotifyRequest } from '../../functions/shared/types.js';
import { runStateMachine, noRetryDelays } from '../../local/step-functions/run-state-machine.js';
import { generateClip, tempDirectory } from '../support/media.js';
import { mockedAws } from './support/aws-mocks.js';
import { fakeSource, type FakeSourceOptions } from './support/fake-source.js';
import { BUCKET, TABLES, workflowFunctions, type WorkflowWorld } from './support/functions.js';
import {
  SUBSTITUTIONS,
  definition,
  failingFirst,
  namedError,
  runWorkflow,
} from './support/workflow-harness.js';

const VIDEO_ID = 'dQw4w9WgXcQ';
const request: JobRequest = {
  jobId: 'job-0123456789abcdef',
  url: `https://www.youtube.com/watch?v=${VIDEO_ID}`,
  format: 'mp3',
};
const info: MediaInfo = {
  id: VIDEO_ID,
  title: 'Sine <Test> & Tone',
  author: 'Audio Sync Tests',
  durationSeconds: 2,
  isLive: false,
  audioCodec: 'mp3',
};

let audioPath: string;
let notAudioPath: string;

beforeAll(async () => {
  const directory = tempDirectory('audio-sync-workflow-');
  audioPath = await generateClip({
    seconds: 2,
    codec: 'mp3',
    directory,
    title: info.title,
    artist: info.author,
  });
  notAudioPath = join(directory, 'not-audio.mp3');
  writeFileSync(notAudioPath, 'this is a text file, not audio\n'.repeat(64));
});

let aws: ReturnType<typeof mockedAws>;
beforeEach(() => {
  aws = mockedAws();
});

function world(source: Partial<FakeSourceOptions> = {}, cached = false): WorkflowWorld {
  return { aws, cached, source: fakeSource(request.url, { info, audioPath, ...source }) };
}

const notifyRequests = (events: unknown[]) => events as NotifyRequest[];

/** The renditions written to the media table (what makes a later request a cache hit). */
function recordedRenditions(): unknown[] {
  return aws.tablesMock
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .filter(
      (input) => input.TableName === TABLES.media && /= :renditions?$/.test(input.UpdateExpression ?? ''),
    )
    .map((input) => input.ExpressionAttributeValues);
}

/** The statuses the functions set on the job, in order. */
function jobStatuses(): unknown[] {
  return aws.tablesMock
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === TABLES.jobs)
    .map((input) => input.ExpressionAttributeValues?.[':status']);
}

describe('the Audio Sync workflow', () => {
  it('validates, extracts, then emails the link: Validate → IsCached → Extract → Notify → Delivered', async () => {
    const functions = workflowFunctions(world());

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract', 'Notify', 'Delivered']);
    expect(execution.retries).toEqual([]);
    expect(execution.catches).toEqual([]);
    expect(functions.extract.events).toEqual([
      { ...request, video: expect.objectContaining({ videoId: VIDEO_ID, audioCodec: 'mp3', cached: false }) },
    ]);
    const upload = aws.s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(upload).toMatchObject({
      Bucket: BUCKET,
      Key: `audio/${VIDEO_ID}/mp3.mp3`,
      ContentType: 'audio/mpeg',
    });
    expect(execution.output).toMatchObject({
      ...request,
      video: { videoId: VIDEO_ID, title: info.title, cached: false },
      rendition: { s3Key: `audio/${VIDEO_ID}/mp3.mp3`, contentType: 'audio/mpeg', bytes: expect.any(Number) },
    });
    expect(notifyRequests(functions.notify.events)).toEqual([
      {
        outcome: 'DELIVERED',
        ...request,
        video: expect.objectContaining({ videoId: VIDEO_ID, title: info.title }),
      },
    ]);
    expect(recordedRenditions()).toHaveLength(1);
    expect(jobStatuses()).toEqual(expect.arrayContaining(['VALIDATING', 'EXTRACTING']));
  });

  it('goes straight from IsCached to Notify when the rendition is already in S3, without extracting', async () => {
    const functions = workflowFunctions(world({}, true));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Notify', 'Delivered']);
    expect(functions.extract.events).toEqual([]);
    expect(aws.s3Mock.commandCalls(PutObjectCommand)).toEqual([]);
    expect(aws.s3Mock.commandCalls(CreateMultipartUploadCommand)).toEqual([]);
    expect(recordedRenditions()).toEqual([]);
    expect(notifyRequests(functions.notify.events)[0]).toMatchObject({
      outcome: 'DELIVERED',
      video: { cached: true },
    });
  });

  // Each rejection as the source driver or Validate's own checks raise it.
  const rejections: Record<
    (typeof REJECTION_ERRORS)[number],
    { source: Partial<FakeSourceOptions>; message: string }
  > = {
    VideoTooLong: {
      source: { info: { ...info, durationSeconds: 31 * 60 } },
      message: 'The video is 31 minutes long; the limit is 30 minutes.',
    },
    VideoIsLive: {
      source: { info: { ...info, isLive: true } },
      message: 'The video is a live stream or a premiere that has not started.',
    },
    VideoUnavailable: {
      source: { probeError: () => new VideoUnavailable('This video is private') },
      message: 'This video is private',
    },
    SourceBlocked: {
      source: { probeError: () => new SourceBlocked('Sign in to confirm you are not a bot') },
      message: 'Sign in to confirm you are not a bot',
    },
    InvalidSource: {
      source: { probeError: () => new InvalidSource('The URL does not point to audio or video') },
      message: 'The URL does not point to audio or video',
    },
  };

  it.each(Object.entries(rejections))(
    'rejects on %s without extracting: Validate → NotifyRejected → Rejected',
    async (name, rejection) => {
      const functions = workflowFunctions(world(rejection.source));

      const execution = await runWorkflow(functions, request);

      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.path).toEqual(['Validate', 'NotifyRejected', 'Rejected']);
      expect(execution.retries).toEqual([]);
      expect(execution.catches).toEqual([
        expect.objectContaining({ state: 'Validate', error: name, next: 'NotifyRejected' }),
      ]);
      expect(functions.extract.events).toEqual([]);
      const [notified] = notifyRequests(functions.notify.events);
      expect(notified).toEqual({
        outcome: 'REJECTED',
        ...request,
        error: { Error: name, Cause: expect.any(String) },
      });
      // Like the real Lambda integration, the Cause is Lambda's JSON error document.
      expect(JSON.parse(notified?.error?.Cause ?? '{}')).toMatchObject({
        errorType: name,
        errorMessage: rejection.message,
      });
    },
  );

  it('retries Extract after a transient SourceUnreachable and then delivers', async () => {
    const source = { openErrors: [() => new SourceUnreachable('connection reset by peer')] };
    const functions = workflowFunctions(world(source));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract', 'Notify', 'Delivered']);
    expect(execution.retries).toEqual([
      expect.objectContaining({ state: 'Extract', error: 'SourceUnreachable', attempt: 1 }),
    ]);
    expect(functions.extract.events).toHaveLength(2);
    expect(aws.s3Mock.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('fails the execution at Extract, without retrying, when ffmpeg cannot decode the source (ExtractionFailed)', async () => {
    const functions = workflowFunctions(world({ audioPath: notAudioPath }));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('FAILED');
    expect(execution.error?.Error).toBe('ExtractionFailed');
    expect(execution.failedAt).toEqual({ state: 'Extract', input: expect.objectContaining({ ...request }) });
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract']);
    expect(execution.retries).toEqual([]);
    expect(functions.extract.events).toHaveLength(1);
    expect(functions.notify.events).toEqual([]);
    // Nothing half-written is recorded as ready.
    expect(recordedRenditions()).toEqual([]);
  });

  it('redrives a failed execution from the state it failed at, keeping the work done before it', async () => {
    const failing = workflowFunctions(
      world({ openErrors: [() => new ExtractionFailed('ffmpeg exited with code 1')] }),
    );
    const failed = await runWorkflow(failing, request);
    expect(failed.failedAt?.state).toBe('Extract');

    const functions = workflowFunctions(world());
    const redriven = await runStateMachine({
      definition,
      name: request.jobId,
      input: failed.failedAt?.input,
      startAt: failed.failedAt?.state,
      functions: {
        [SUBSTITUTIONS.ValidateFunctionArn]: functions.validate,
        [SUBSTITUTIONS.ExtractFunctionArn]: functions.extract,
        [SUBSTITUTIONS.NotifyFunctionArn]: functions.notify,
      },
      retryIntervalOverrides: noRetryDelays(definition),
    });

    expect(redriven.status).toBe('SUCCEEDED');
    expect(redriven.path).toEqual(['Extract', 'Notify', 'Delivered']);
    expect(functions.validate.events).toEqual([]);
  });

  it('retries a Lambda service exception at any Task before the function runs again', async () => {
    const functions = workflowFunctions(world());
    const flaky = {
      ...functions,
      validate: failingFirst(functions.validate, 1, () => namedError('Lambda.ServiceException')),
      notify: failingFirst(functions.notify, 2, () => namedError('Lambda.TooManyRequestsException')),
    };

    const execution = await runWorkflow(flaky, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.retries.map(({ state, error, attempt }) => ({ state, error, attempt }))).toEqual([
      { state: 'Validate', error: 'Lambda.ServiceException', attempt: 1 },
      { state: 'Notify', error: 'Lambda.TooManyRequestsException', attempt: 1 },
      { state: 'Notify', error: 'Lambda.TooManyRequestsException', attempt: 2 },
    ]);
    expect(functions.notify.events).toHaveLength(1);
  });

  it('fails at Validate once its SourceUnreachable retries are spent, never reaching Extract', async () => {
    const functions = workflowFunctions(
      world({ probeError: () => new SourceUnreachable('connect ETIMEDOUT') }),
    );

    const execution = await runWorkflow(functions, request);

    const retrier = definition.States.Validate?.Retry?.find((r) =>
      r.ErrorEquals.includes('SourceUnreachable'),
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.failedAt?.state).toBe('Validate');
    expect(execution.error?.Error).toBe('SourceUnreachable');
    expect(execution.retries).toHaveLength(retrier?.MaxAttempts ?? -1);
    expect(functions.validate.events).toHaveLength((retrier?.MaxAttempts ?? -1) + 1);
    expect(functions.extract.events).toEqual([]);
  });

  it('retries Notify when SES throttles the email (EmailThrottled) and then delivers', async () => {
    const functions = workflowFunctions(world());
    const throttled = {
      ...functions,
      notify: failingFirst(functions.notify, 1, () => namedError('EmailThrottled')),
    };

    const execution = await runWorkflow(throttled, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.retries).toEqual([
      expect.objectContaining({ state: 'Notify', error: 'EmailThrottled' }),
    ]);
  });
});
