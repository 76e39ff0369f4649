/** Runs the real Audio Sync definition locally with the given function handlers, retries without waiting. */
import type { Context } from 'aws-lambda';
import {
  loadStateMachineDefinition,
  type StateMachineSubstitutions,
} from '../../../statemachine/definition.js';
import {
  noRetryDelays,
  runStateMachine,
  type LocalExecutionResult,
  type LocalLambdaHandler,
} from '../../../local/step-functions/runner/run-state-machine.js';
import type { JobRequest } from '../../../functions/shared/types.js';

const functionArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:audio-sync-${name}`;

export const SUBSTITUTIONS: StateMachineSubstitutions = {
  ValidateFunctionArn: functionArn('validate'),
  ExtractFunctionArn: functionArn('extract'),
  NotifyFunctionArn: functionArn('notify'),
};

export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export type WorkflowHandler = (event: never, context: Context) => Promise<unknown>;

export interface WorkflowFunctions {
  validate: WorkflowHandler;
  extract: WorkflowHandler;
  notify: WorkflowHandler;
}

export const definition = loadStateMachineDefinition(SUBSTITUTIONS);

export function runWorkflow(functions: WorkflowFunctions, input: JobRequest): Promise<LocalExecutionResult> {
  return runStateMachine({
    definition,
    name: input.jobId,
    input,
    functions: {
      [SUBSTITUTIONS.ValidateFunctionArn]: functions.validate as LocalLambdaHandler,
      [SUBSTITUTIONS.ExtractFunctionArn]: functions.extract as LocalLambdaHandler,
      [SUBSTITUTIONS.NotifyFunctionArn]: functions.notify as LocalLambdaHandler,
    },
    retryIntervalOverrides: noRetryDelays(definition),
  });
}

export function namedError(name: string, message = `${name} (simulated)`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The handler, except that its first `times` invocations throw `error()` instead (a fault to retry). */
export function failingFirst(handler: WorkflowHandler, times: number, error: () => Error): WorkflowHandler {
  let failuresLeft = times;
  return async (event, context) => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw error();
    }
    return handler(event, context);
  };
}

/** Records every event a handler receives, for assertions on what the state machine passed it. */
export function recording(handler: WorkflowHandler): WorkflowHandler & { events: unknown[] } {
  const events: unknown[] = [];
  const recorder = async (event: never, context: Context) => {
    events.push(structuredClone(event));
    return handler(event, context);
  };
  return Object.assign(recorder, { events });
}
