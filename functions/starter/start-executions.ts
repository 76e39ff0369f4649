/** Starts one state machine execution per job, named by its jobId, so a redelivered message starts nothing new. */
import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { SQSRecord } from 'aws-lambda';
import { logger } from '../shared/logger.js';
import type { JobRequest } from '../shared/types.js';
import { executionArnFor } from '../shared/contract/arns.js';
import { parseJobMessage } from './job-message.js';

export interface StarterDeps {
  sfn: Pick<SFNClient, 'send'>;
  stateMachineArn: string;
}

export interface StartedExecution {
  executionArn: string;
  /** True when an execution of this name already existed (a duplicate delivery). */
  alreadyStarted: boolean;
}

export async function startJobExecution(deps: StarterDeps, request: JobRequest): Promise<StartedExecution> {
  try {
    const started = await deps.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deps.stateMachineArn,
        name: request.jobId,
        input: JSON.stringify(request),
      }),
    );
    return {
      executionArn: started.executionArn ?? executionArnFor(deps.stateMachineArn, request.jobId),
      alreadyStarted: false,
    };
  } catch (error) {
    // The name is the jobId: an existing execution of that name is this job already running or done.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return { executionArn: executionArnFor(deps.stateMachineArn, request.jobId), alreadyStarted: true };
  }
}

/** The work for one SQS record; a throw marks only this record as failed. */
export async function startExecutionForRecord(
  deps: StarterDeps,
  record: SQSRecord,
): Promise<StartedExecution> {
  const request = parseJobMessage(record.body);
  const started = await startJobExecution(deps, request);
  logger.info(started.alreadyStarted ? 'Execution already started' : 'Execution started', {
    jobId: request.jobId,
    executionArn: started.executionArn,
    messageId: record.messageId,
  });
  return started;
}
