/**
 * Runs an Amazon States Language definition in this process with aws-local-stepfunctions, each Lambda
 * Task state mapped to a local handler function; reports the outcome and the path the execution took.
 */
import './promise-with-resolvers.js';
import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { executionArnFor } from '../../../functions/shared/contract/arns.js';
import type { StateMachineDefinitionJson } from '../../../statemachine/definition.js';
import { readExecutionHistory, type ExecutionEvent, type ExecutionHistory } from './execution-history.js';
import type { ClosedStatus } from '../types.js';
import { TaskScheduling } from './task-scheduling.js';
import { lambdaTaskOverride, type LambdaIntegration, type LocalLambdaHandler } from './lambda-adapter.js';

export type { LocalLambdaHandler } from './lambda-adapter.js';
export { executionArnFor } from '../../../functions/shared/contract/arns.js';
export type { ExecutionHistory, ExecutionEvent } from './execution-history.js';

export const DEFAULT_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync';
// aws-local-stepfunctions' default when a Task has no TimeoutSeconds.
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

export interface LocalExecutionOptions {
  /** The definition with its placeholders filled (see `loadStateMachineDefinition`). */
  definition: StateMachineDefinitionJson;
  /** The handler behind each function a Task state invokes, keyed by the ARN (or name) in the definition. */
  functions: Record<string, LocalLambdaHandler>;
  input: unknown;
  /** Execution name (the jobId in Audio Sync); a random one when omitted. */
  name?: string;
  stateMachineArn?: string;
  /** Start at this state instead of `StartAt`, with `input` as its input: how a redrive resumes. */
  startAt?: string;
  /** Milliseconds to wait before each retry, per state (a number for all its retriers, or one per retrier). */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /** Called with each event as it happens (the local stack turns them into status changes). */
  onEvent?: (event: ExecutionEvent) => void;
}

export interface LocalExecutionResult extends ExecutionHistory {
  executionArn: string;
  name: string;
  status: ClosedStatus;
  output?: unknown;
  /** Why the execution did not succeed: the error name and cause of the failing state. */
  error?: { Error: string; Cause?: string };
  events: ExecutionEvent[];
  startDate: Date;
  stopDate: Date;
}

export interface LocalExecution {
  executionArn: string;
  name: string;
  abort(): void;
  result: Promise<LocalExecutionResult>;
}

/** A zero wait for every retrier of every state: tests exercise Retry without waiting for it. */
export function noRetryDelays(definition: StateMachineDefinitionJson): Record<string, number> {
  return Object.fromEntries(
    Object.entries(definition.States)
      .filter(([, state]) => state.Retry !== undefined)
      .map(([stateName]) => [stateName, 0]),
  );
}

/**
 * Builds the overrides for every Task state. A Task whose function has no handler is an error here,
 * because aws-local-stepfunctions would otherwise call the real AWS Lambda.
 */
export function taskOverrides(
  definition: StateMachineDefinitionJson,
  functions: Record<string, LocalLambdaHandler>,
  onInvoke: (stateName: string, parameters: unknown) => void = () => undefined,
): Record<string, (input: unknown) => Promise<unknown>> {
  const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const resource = state.Resource ?? '';
    let integration: LambdaIntegration;
    let functionArn: unknown;
    if (resource === 'arn:aws:states:::lambda:invoke') {
      integration = 'lambda:invoke';
      functionArn = state.Parameters?.FunctionName;
    } else if (resource.startsWith('arn:aws:lambda:')) {
      integration = 'function-arn';
      functionArn = resource;
    } else {
      throw new Error(`Task state ${stateName}: resource ${resource} cannot run locally`);
    }
    if (typeof functionArn !== 'string')
      throw new Error(`Task state ${stateName}: FunctionName must be a literal`);
    const handler = functions[functionArn];
    if (!handler) throw new Error(`Task state ${stateName}: no local handler for function ${functionArn}`);
    const timeoutSeconds = state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS;
    const override = lambdaTaskOverride({ handler, functionArn, integration, timeoutSeconds });
    overrides[stateName] = (input) => {
      onInvoke(stateName, input);
      return override(input);
    };
  }
  return overrides;
}

function errorOf(thrown: unknown): { Error: string; Cause?: string } {
  // ExecutionError wraps the error of the failing state in `cause`.
  const failure = thrown instanceof Error && thrown.cause instanceof Error ? thrown.cause : thrown;
  if (failure instanceof Error) return { Error: failure.name, Cause: failure.message };
  return { Error: 'Error', Cause: String(failure) };
}

function statusOf(thrown: unknown): ClosedStatus {
  if (thrown instanceof ExecutionTimeoutError) return 'TIMED_OUT';
  if (thrown instanceof ExecutionAbortedError) return 'ABORTED';
  return 'FAILED';
}

export function startLocalExecution(options: LocalExecutionOptions): LocalExecution {
  const stateMachineArn = options.stateMachineArn ?? DEFAULT_STATE_MACHINE_ARN;
  const name = options.name ?? randomUUID();
  const executionArn = executionArnFor(stateMachineArn, name);
  const definition = { ...options.definition, StartAt: options.startAt ?? options.definition.StartAt };
  if (!(definition.StartAt in definition.States)) throw new Error(`No state named ${definition.StartAt}`);

  // The whole definition is validated; a redrive's copy starts mid-way, which the validator calls unreachable states.
  let stateMachine = new StateMachine(
    structuredClone(options.definition) as unknown as StateMachineDefinition,
  );
  if (definition.StartAt !== options.definition.StartAt) {
    stateMachine = new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
  }
  const startDate = new Date();
  const events: ExecutionEvent[] = [];
  const record = (event: ExecutionEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const scheduling = new TaskScheduling(record);
  const execution = stateMachine.run(options.input as never, {
    overrides: {
      taskResourceLocalHandlers: taskOverrides(definition, options.functions, (state, parameters) =>
        scheduling.invoked(state, parameters),
      ) as never,
      retryIntervalOverrides: options.retryIntervalOverrides ?? {},
    },
    context: {
      Execution: { Id: executionArn, Name: name },
      StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').pop() },
    },
  });

  const collected = (async () => {
    for await (const event of execution.eventLogs) {
      record(event as ExecutionEvent);
      scheduling.delivered(event as ExecutionEvent);
    }
  })();

  const result = (async (): Promise<LocalExecutionResult> => {
    let outcome: Pick<LocalExecutionResult, 'status' | 'output' | 'error'>;
    try {
      outcome = { status: 'SUCCEEDED', output: await execution.result };
    } catch (thrown) {
      outcome = { status: statusOf(thrown), error: errorOf(thrown) };
    }
    await collected;
    return {
      executionArn,
      name,
      ...outcome,
      ...readExecutionHistory(events),
      events,
      startDate,
      stopDate: new Date(),
    };
  })();

  return { executionArn, name, abort: execution.abort, result };
}

/** Runs an execution to its end. */
export function runStateMachine(options: LocalExecutionOptions): Promise<LocalExecutionResult> {
  return startLocalExecution(options).result;
}
