import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SFNClient } from '@aws-sdk/client-sfn';
import { dynamoDbClient, sesClient } from '../../functions/shared/aws.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { failCalls, recordCalls, WIRE_ANSWERS, type Fault } from '../support/faults.js';
import { executionHistory, submitJob, waitForJob } from '../e2e/local-stack-helpers.js';
import type { LocalStack } from '../../local/index.js';
import {
  expectStorageConsistent,
  startFaultStack,
  subjectsTo,
  taskAttempts,
  taskErrors,
  type FaultStack,
} from './fault-stack.js';

// The SDK's default attempts per call: SES (standard strategy) 3, DynamoDB 4 (its client's own default).
const SES_SDK_ATTEMPTS = 3;
const DYNAMODB_SDK_ATTEMPTS = 4;

/** The jobs-table write that marks a job DELIVERED, after its email went out. */
const deliveredUpdate = (stack: LocalStack) => (input: Record<string, unknown>) =>
  input.TableName === stack.resources.jobsTable && JSON.stringify(input).includes('"DELIVERED"');

describe('throttled AWS services', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;
  const faults: Fault[] = [];

  beforeAll(async () => {
    faultStack = await startFaultStack();
    sfn = new SFNClient({ endpoint: faultStack.stack.stepFunctionsUrl });
    media = await startMediaServer();
    media.serveFile('/tone.m4a', await generateClip({ seconds: 2, directory: tempDirectory() }), 'audio/mp4');
  });
  afterEach(() => faults.splice(0).forEach((fault) => fault.remove()));
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  it('retries Notify on EmailThrottled once SES throttling outlasts the SDK retries, then sends one email', async () => {
    const { stack } = faultStack;
    const throttle = failCalls(sesClient(), {
      command: 'SendEmailCommand',
      times: SES_SDK_ATTEMPTS,
      answer: WIRE_ANSWERS.sesThrottled,
    });
    const sent = recordCalls(sesClient(), { command: 'SendEmailCommand' });
    faults.push(throttle, sent);
    const email = 'throttled-ses@example.com';

    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format: 'mp3' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');

    const events = await executionHistory(sfn, stack, jobId);
    expect(throttle.hits).toBe(SES_SDK_ATTEMPTS);
    expect(taskErrors(events)).toEqual(['EmailThrottled']);
    expect(taskAttempts(events).Notify).toBe(2);
    expect(sent.hits).toBe(1);
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });

  it('absorbs DynamoDB throttling of the DELIVERED status update in the SDK retries: one email, no step retry', async () => {
    const { stack } = faultStack;
    const throttle = failCalls(dynamoDbClient(), {
      command: 'UpdateItemCommand',
      when: deliveredUpdate(stack),
      times: DYNAMODB_SDK_ATTEMPTS - 1,
      answer: WIRE_ANSWERS.dynamoDbThrottled,
    });
    faults.push(throttle);
    const email = 'throttled-ddb@example.com';

    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format: 'opus' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');

    const events = await executionHistory(sfn, stack, jobId);
    expect(throttle.hits).toBe(DYNAMODB_SDK_ATTEMPTS - 1);
    expect(taskErrors(events)).toEqual([]);
    expect(taskAttempts(events).Notify).toBe(1);
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });

  it('retries Notify on TableThrottled when DynamoDB throttles the DELIVERED write past the SDK retries: one link, no apology', async () => {
    const { stack } = faultStack;
    const throttle = failCalls(dynamoDbClient(), {
      command: 'UpdateItemCommand',
      when: deliveredUpdate(stack),
      times: DYNAMODB_SDK_ATTEMPTS,
      answer: WIRE_ANSWERS.dynamoDbThrottled,
    });
    faults.push(throttle);
    const email = 'throttled-ddb-retry@example.com';

    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format: 'm4a' });
    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');

    const events = await executionHistory(sfn, stack, jobId);
    expect(throttle.hits).toBe(DYNAMODB_SDK_ATTEMPTS);
    expect(taskErrors(events)).toEqual(['TableThrottled']);
    expect(taskAttempts(events).Notify).toBe(2);
    // The retry answers the stored send and only writes the status: the link once, never an apology.
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });
});
