import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { sfnClient } from '../../functions/shared/aws.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { failAfterCalls, recordCalls, type Fault } from '../support/faults.js';
import { executionHistory, statesEntered, submitJob, waitForJob } from '../e2e/local-stack-helpers.js';
import {
  eventually,
  expectStorageConsistent,
  startFaultStack,
  subjectsTo,
  type FaultStack,
} from './fault-stack.js';

describe('a job message delivered more than once', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;
  let sqs: SQSClient;
  const faults: Fault[] = [];

  beforeAll(async () => {
    faultStack = await startFaultStack();
    const { resources } = faultStack.stack;
    sfn = new SFNClient({ region: resources.region, endpoint: resources.endpoints.stepFunctions });
    sqs = new SQSClient({ region: resources.region, endpoint: resources.endpoints.sqs });
    // A failed record comes back after the visibility timeout: one second instead of the deployed minute.
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: resources.queueUrl, Attributes: { VisibilityTimeout: '1' } }),
    );
    media = await startMediaServer();
    media.serveFile('/tone.m4a', await generateClip({ seconds: 2, directory: tempDirectory() }), 'audio/mp4');
  });
  afterEach(() => faults.splice(0).forEach((fault) => fault.remove()));
  afterAll(async () => {
    sfn?.destroy();
    sqs?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  async function queueIsEmpty(): Promise<boolean> {
    const { resources } = faultStack.stack;
    const counts = await Promise.all(
      [resources.queueUrl, resources.deadLetterQueueUrl].map(async (queueUrl) => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return (
          Number(Attributes?.ApproximateNumberOfMessages) +
          Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
        );
      }),
    );
    return counts.every((count) => count === 0);
  }

  async function executionsNamed(jobId: string): Promise<number> {
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: faultStack.stack.stateMachineArn }),
    );
    return (executions ?? []).filter((execution) => execution.name === jobId).length;
  }

  it('starts one execution and sends one email when a duplicate of the message arrives with another deduplication id', async () => {
    const { stack } = faultStack;
    const starts = recordCalls(sfnClient(), { command: 'StartExecutionCommand' });
    faults.push(starts);
    const email = 'twice@example.com';
    const url = media.url('/tone.m4a');

    const jobId = await submitJob(stack, { url, email, format: 'mp3' });
    // The same job request again, as SQS may hand it out twice (the API's deduplication id is the jobId).
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.resources.queueUrl,
        MessageBody: JSON.stringify({ jobId, url, format: 'mp3' }),
        MessageGroupId: jobId,
        MessageDeduplicationId: `${jobId}-again`,
      }),
    );

    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');
    await eventually(async () => starts.hits === 2 && (await queueIsEmpty()));
    expect(await executionsNamed(jobId)).toBe(1);
    expect(statesEntered(await executionHistory(sfn, stack, jobId))).toEqual([
      'Validate',
      'IsCached',
      'Extract',
      'Notify',
      'Delivered',
    ]);
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });

  it('treats the redelivered message as done when the starter died after StartExecution succeeded', async () => {
    const { stack } = faultStack;
    const starts = recordCalls(sfnClient(), { command: 'StartExecutionCommand' });
    const crash = failAfterCalls(sfnClient(), {
      command: 'StartExecutionCommand',
      times: 1,
      error: () => new Error('The starter died after StartExecution returned'),
    });
    faults.push(starts, crash);
    const email = 'crashed-starter@example.com';

    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format: 'm4a' });

    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');
    // The failed record comes back after the visibility timeout; its second start finds the execution.
    await eventually(async () => starts.hits === 2 && (await queueIsEmpty()));
    expect(crash.hits).toBe(1);
    expect(await executionsNamed(jobId)).toBe(1);
    expect(subjectsTo(stack, email)).toEqual([expect.stringMatching(/ready/i)]);
    await expectStorageConsistent(faultStack);
  });
});
