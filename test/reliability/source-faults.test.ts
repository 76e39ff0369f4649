import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { HandlerFaults } from '../support/faults.js';
import { corruptWav } from '../support/faults-media.js';
import {
  cutOffMidStream,
  executionArnOf,
  executionHistory,
  statesEntered,
  submitJob,
  waitForEmail,
  waitForJob,
} from '../e2e/local-stack-helpers.js';
import {
  expectStorageConsistent,
  startFaultStack,
  subjectsTo,
  taskAttempts,
  taskErrors,
  type FaultStack,
} from './fault-stack.js';

// Extract's Retry for SourceUnreachable: MaxAttempts 3 after the first try.
const EXTRACT_SOURCE_ATTEMPTS = 4;

describe('a broken source', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;
  const handlers = new HandlerFaults();
  const directory = tempDirectory();
  let clip: string;

  beforeAll(async () => {
    faultStack = await startFaultStack({ wrapFunction: handlers.wrap });
    sfn = new SFNClient({ endpoint: faultStack.stack.stepFunctionsUrl });
    media = await startMediaServer();
    clip = await generateClip({ seconds: 4, directory, title: 'Flaky', artist: 'Network' });
    media.serveFile('/corrupt.wav', await corruptWav(directory), 'audio/wav');
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  async function failure(jobId: string) {
    const executionArn = executionArnOf(faultStack.stack, jobId);
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  }

  it('fails at Extract after its source retries when the stream always breaks off halfway, with one failure email', async () => {
    const { stack } = faultStack;
    media.route(
      '/always-cut.m4a',
      cutOffMidStream(clip, 'audio/mp4', () => true),
    );
    const email = 'always-cut@example.com';

    const jobId = await submitJob(stack, { url: media.url('/always-cut.m4a'), email, format: 'mp3' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('FAILED');
    await waitForEmail(stack, email, /could not finish/i);

    const events = await executionHistory(sfn, stack, jobId);
    expect(await failure(jobId)).toMatchObject({ status: 'FAILED', error: 'SourceUnreachable' });
    expect(statesEntered(events).at(-1)).toBe('Extract');
    expect(taskAttempts(events).Extract).toBe(EXTRACT_SOURCE_ATTEMPTS);
    expect(taskErrors(events)).toEqual(Array(EXTRACT_SOURCE_ATTEMPTS).fill('SourceUnreachable'));
    expect(subjectsTo(stack, email)).toHaveLength(1);
    await expectStorageConsistent(faultStack);
  });

  it('delivers once when only the first extraction finds the stream cut halfway and its retry reads it whole', async () => {
    const { stack } = faultStack;
    const before = handlers.invocations('extract');
    // Validate (no extract yet) and the first Extract see the cut stream; the retry sees the whole file.
    media.route(
      '/cut-once.m4a',
      cutOffMidStream(clip, 'audio/mp4', () => handlers.invocations('extract') - before <= 1),
    );
    const email = 'cut-once@example.com';

    const jobId = await submitJob(stack, { url: media.url('/cut-once.m4a'), email, format: 'mp3' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');

    const events = await executionHistory(sfn, stack, jobId);
    expect(taskErrors(events)).toEqual(['SourceUnreachable']);
    expect(taskAttempts(events).Extract).toBe(2);
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });

  it('fails at Extract on the first try when ffmpeg cannot decode a corrupt file: no retries, one failure email', async () => {
    const { stack } = faultStack;
    const email = 'corrupt@example.com';

    const jobId = await submitJob(stack, { url: media.url('/corrupt.wav'), email, format: 'mp3' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('FAILED');
    await waitForEmail(stack, email, /could not finish/i);

    const events = await executionHistory(sfn, stack, jobId);
    expect(await failure(jobId)).toMatchObject({ status: 'FAILED', error: 'ExtractionFailed' });
    expect(statesEntered(events)).toEqual(['Validate', 'IsCached', 'Extract']);
    expect(taskAttempts(events)).toEqual({ Validate: 1, Extract: 1 });
    expect(taskErrors(events)).toEqual(['ExtractionFailed']);
    expect(subjectsTo(stack, email)).toHaveLength(1);
    await expectStorageConsistent(faultStack);
  });
});
