import { ConditionalCheckFailedException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { ExtractionFailed, SourceUnreachable } from '../../functions/shared/errors.js';
import { noRetryDelays, runStateMachine } from '../../local/step-functions/runner/run-state-machine.js';
import { workflowFunctions } from './support/functions.js';
import { request, useWorkflowScenario } from './support/scenario.js';
import {
  SUBSTITUTIONS,
  definition,
  failingFirst,
  namedError,
  runWorkflow,
} from './support/workflow-harness.js';

const scenario = useWorkflowScenario();

describe('the Audio Sync workflow, retrying and failing', () => {
  it('retries Extract after a transient SourceUnreachable and then delivers', async () => {
    const source = { openErrors: [() => new SourceUnreachable('connection reset by peer')] };
    const functions = workflowFunctions(scenario.world(source));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract', 'Notify', 'Delivered']);
    expect(execution.retries).toEqual([
      expect.objectContaining({ state: 'Extract', error: 'SourceUnreachable', attempt: 1 }),
    ]);
    expect(functions.extract.events).toHaveLength(2);
    expect(scenario.aws.s3Mock.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(scenario.aws.items.job.status).toBe('DELIVERED');
  });

  it('waits out another execution extracting the same rendition (ExtractionInProgress), then delivers', async () => {
    const inProgress = {
      id: { S: 'extract#another-execution' },
      status: { S: 'INPROGRESS' },
      expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
      in_progress_expiration: { N: String(Date.now() + 600_000) },
    };
    // The first idempotency write is Extract's: the rendition's record is held by a running extraction.
    scenario.aws.idempotencyMock
      .on(PutItemCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'held', $metadata: {}, Item: inProgress }))
      .resolves({});
    const functions = workflowFunctions(scenario.world());

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.retries).toEqual([
      expect.objectContaining({ state: 'Extract', error: 'ExtractionInProgress', attempt: 1 }),
    ]);
    expect(scenario.aws.s3Mock.commandCalls(PutObjectCommand)).toHaveLength(1);
    expect(scenario.aws.items.job.status).toBe('DELIVERED');
  });

  it('fails the execution at Extract, without retrying, when ffmpeg cannot decode the source (ExtractionFailed)', async () => {
    const functions = workflowFunctions(scenario.world({ audioPath: scenario.notAudioPath }));

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('FAILED');
    expect(execution.error?.Error).toBe('ExtractionFailed');
    expect(execution.failedAt).toEqual({ state: 'Extract', input: expect.objectContaining({ ...request }) });
    expect(execution.path).toEqual(['Validate', 'IsCached', 'Extract']);
    expect(execution.retries).toEqual([]);
    expect(functions.extract.events).toHaveLength(1);
    expect(functions.notify.events).toEqual([]);
    expect(scenario.emailsSent()).toEqual([]);
    expect(scenario.aws.items.job.status).toBe('EXTRACTING');
    // Nothing half-written is recorded as ready.
    expect(scenario.recordedRenditions()).toEqual([]);
  });

  it('redrives a failed execution from the state it failed at, keeping the work done before it', async () => {
    const failing = workflowFunctions(
      scenario.world({ openErrors: [() => new ExtractionFailed('ffmpeg exited with code 1')] }),
    );
    const failed = await runWorkflow(failing, request);
    expect(failed.failedAt?.state).toBe('Extract');

    const functions = workflowFunctions(scenario.world());
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
    expect(scenario.emailsSent()).toHaveLength(1);
    expect(scenario.aws.items.job.status).toBe('DELIVERED');
  });

  it('retries Lambda service faults at Validate and Notify, then delivers once', async () => {
    const functions = workflowFunctions(scenario.world());
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
    expect(scenario.emailsSent()).toHaveLength(1);
  });

  it('fails at Validate once its SourceUnreachable retries are spent, never reaching Extract', async () => {
    const functions = workflowFunctions(
      scenario.world({ probeError: () => new SourceUnreachable('connect ETIMEDOUT') }),
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

  it('retries Notify when SES throttles the email (EmailThrottled) and sends it once', async () => {
    scenario.aws.sesMock
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }))
      .resolves({ MessageId: 'message-2' });
    const functions = workflowFunctions(scenario.world());

    const execution = await runWorkflow(functions, request);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.retries).toEqual([
      expect.objectContaining({ state: 'Notify', error: 'EmailThrottled' }),
    ]);
    expect(functions.notify.events).toHaveLength(2);
    expect(scenario.emailsSent()).toHaveLength(2);
    expect(scenario.aws.items.job.status).toBe('DELIVERED');
  });
});
