import {
  ExecutionAlreadyExists,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStarterHandler, handler } from '../../../functions/starter/handler.js';
import { starterConfig } from '../../../functions/starter/config.js';
import { createLambdaContext } from '../../../local/step-functions/runner/lambda-adapter.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync';
const sfnMock = mockClient(SFNClient);
const context = createLambdaContext('audio-sync-starter', 30_000);

function jobMessage(jobId: string, body?: string): SQSRecord {
  return {
    messageId: `message-${jobId}`,
    receiptHandle: `receipt-${jobId}`,
    body:
      body ??
      JSON.stringify({ jobId, url: `https://www.youtube.com/watch?v=${jobId.slice(0, 11)}`, format: 'mp3' }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1700000000000',
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: '1700000000000',
      MessageGroupId: jobId,
      MessageDeduplicationId: jobId,
    },
    messageAttributes: {},
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:audio-sync-jobs.fifo',
    awsRegion: 'us-east-1',
  };
}

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const starter = () => createStarterHandler({ sfn: new SFNClient({}), stateMachineArn: STATE_MACHINE_ARN });

function throttled(): SFNServiceException {
  return new SFNServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: {},
    message: 'Rate exceeded',
  });
}

beforeEach(() => {
  sfnMock.reset();
  sfnMock.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date(),
  }));
});

describe('starter', () => {
  it('starts one execution per message, named by the jobId, with the job request (default options filled in) as input', async () => {
    const response = await starter()(
      batch(jobMessage('job-aaaaaaaaaaa'), jobMessage('job-bbbbbbbbbbb')),
      context,
    );

    expect(response.batchItemFailures).toEqual([]);
    const calls = sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls.map((input) => input.name).sort()).toEqual(['job-aaaaaaaaaaa', 'job-bbbbbbbbbbb']);
    for (const input of calls) {
      expect(input.stateMachineArn).toBe(STATE_MACHINE_ARN);
      expect(JSON.parse(input.input as string)).toEqual({
        jobId: input.name,
        url: `https://www.youtube.com/watch?v=${(input.name as string).slice(0, 11)}`,
        format: 'mp3',
        // A message without options (sent before they existed) runs with the defaults.
        options: { coverArt: true },
      });
    }
  });

  it('counts an execution that already exists for the jobId as success (a duplicate delivery)', async () => {
    sfnMock
      .on(StartExecutionCommand, { name: 'job-duplicate' })
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const response = await starter()(
      batch(jobMessage('job-duplicate'), jobMessage('job-fresh-one')),
      context,
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('reports a throttled StartExecution as the only failure of the batch', async () => {
    sfnMock.on(StartExecutionCommand, { name: 'job-throttled' }).rejects(throttled());

    const response = await starter()(
      batch(jobMessage('job-first-one'), jobMessage('job-throttled'), jobMessage('job-third-one')),
      context,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-job-throttled' }]);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{"jobId": '],
    ['missing the format', JSON.stringify({ jobId: 'job-malformed', url: 'https://example.com/a.mp3' })],
    [
      'an unknown format',
      JSON.stringify({ jobId: 'job-malformed', url: 'https://example.com/a.mp3', format: 'wav' }),
    ],
    [
      'a jobId that cannot name an execution',
      JSON.stringify({ jobId: 'job id!', url: 'https://e.com/a', format: 'mp3' }),
    ],
    [
      'an extra field',
      JSON.stringify({ jobId: 'job-malformed', url: 'https://e.com/a', format: 'mp3', email: 'x@e.com' }),
    ],
  ])('reports a message body that is %s as a failure of that record only', async (_case, body) => {
    const response = await starter()(
      batch(jobMessage('job-good-one'), jobMessage('job-malformed', body)),
      context,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-job-malformed' }]);
    const names = sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name);
    expect(names).toEqual(['job-good-one']);
  });

  it('fails the whole invocation when every record fails, so the batch is redelivered', async () => {
    sfnMock.on(StartExecutionCommand).rejects(throttled());

    await expect(
      starter()(batch(jobMessage('job-first-one'), jobMessage('job-second-one')), context),
    ).rejects.toThrow(FullBatchFailureError);
  });

  it('reads the state machine ARN from STATE_MACHINE_ARN in the default handler', async () => {
    const previous = process.env.STATE_MACHINE_ARN;
    process.env.STATE_MACHINE_ARN = STATE_MACHINE_ARN;
    starterConfig.reset();
    try {
      const response = await handler(batch(jobMessage('job-default-handler')), context);
      expect(response.batchItemFailures).toEqual([]);
      expect(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe(
        STATE_MACHINE_ARN,
      );
    } finally {
      if (previous === undefined) delete process.env.STATE_MACHINE_ARN;
      else process.env.STATE_MACHINE_ARN = previous;
      starterConfig.reset();
    }
  });
});
