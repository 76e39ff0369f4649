import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { HandlerFaults } from '../support/faults.js';
import {
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
  type FaultStack,
} from './fault-stack.js';

describe('a handler that throws an unexpected error until it is fixed', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;
  const handlers = new HandlerFaults();

  beforeAll(async () => {
    faultStack = await startFaultStack({ wrapFunction: handlers.wrap });
    const { resources } = faultStack.stack;
    // The operator's client: the SDK's own RedriveExecution against the local endpoint.
    sfn = new SFNClient({ region: resources.region, endpoint: resources.endpoints.stepFunctions });
    media = await startMediaServer();
    media.serveFile('/tone.m4a', await generateClip({ seconds: 2, directory: tempDirectory() }), 'audio/mp4');
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  it('fails at Notify without a retry, and a redrive after the fix delivers with one success email', async () => {
    const { stack } = faultStack;
    handlers.breakFunction(
      'notify',
      () => new TypeError("Cannot read properties of undefined (reading 'email')"),
    );
    const email = 'redriven@example.com';

    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format: 'mp3' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('FAILED');
    // The failure handler's apology is the only email so far: Notify never reached SES.
    await waitForEmail(stack, email, /could not finish/i);
    const executionArn = executionArnOf(stack, jobId);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'FAILED',
      error: 'TypeError',
      redriveStatus: 'REDRIVABLE',
    });
    const failedRun = await executionHistory(sfn, stack, jobId);
    expect(statesEntered(failedRun).at(-1)).toBe('Notify');
    expect(taskAttempts(failedRun).Notify).toBe(1);

    handlers.repair('notify');
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect((await waitForJob(stack, jobId, ['DELIVERED'])).status).toBe('DELIVERED');
    await waitForEmail(stack, email, /ready/i);

    const events = await executionHistory(sfn, stack, jobId);
    expect(statesEntered(events)).toEqual([
      'Validate',
      'IsCached',
      'Extract',
      'Notify',
      'Notify',
      'Delivered',
    ]);
    expect(taskAttempts(events)).toMatchObject({ Extract: 1, Notify: 2 });
    // Expected: the apology for the failed run, then the link; nothing else.
    expect(subjectsTo(stack, email)).toEqual([
      expect.stringMatching(/could not finish/i),
      expect.stringMatching(/ready/i),
    ]);
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'SUCCEEDED',
      redriveCount: 1,
    });
    await expectStorageConsistent(faultStack);
  });
});
