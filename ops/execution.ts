/**
 * A job's execution as Step Functions reports it: its status, the state it is at (or failed at) and the
 * last error, read from DescribeExecution and the newest events of GetExecutionHistory.
 */
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type DescribeExecutionOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { executionArnFor } from '../functions/shared/contract/arns.js';

export interface SfnDeps {
  sfn: Pick<SFNClient, 'send'>;
  stateMachineArn: string;
}

export interface ExecutionError {
  error: string;
  cause?: string;
}

export interface ExecutionReport {
  executionArn: string;
  name: string;
  status: string;
  startDate?: string;
  stopDate?: string;
  redriveCount: number;
  redriveStatus?: string;
  /** The state entered last: where a running execution is, or where a failed one failed. */
  state?: string;
  /** The newest failure of the current run (a retried one too), else the execution's own error; none once it succeeded. */
  lastError?: ExecutionError;
  input?: string;
  /** What to do about a failed execution (ops/hints.ts). */
  hint?: string;
}

/** Events whose details carry `{ error, cause }`, newest first in a reversed history. */
const FAILURE_DETAILS: Record<string, keyof HistoryEvent> = {
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
};

/** Enough recent events to reach the last state entered, even after a long run of retries. */
const HISTORY_PAGE = 200;

/** The named execution, or undefined when Step Functions has none of that name. */
export async function describeExecution(
  deps: SfnDeps,
  name: string,
): Promise<DescribeExecutionOutput | undefined> {
  try {
    return await deps.sfn.send(
      new DescribeExecutionCommand({ executionArn: executionArnFor(deps.stateMachineArn, name) }),
    );
  } catch (error) {
    if (error instanceof ExecutionDoesNotExist) return undefined;
    throw error;
  }
}

/**
 * The state entered last, and the newest failure of the current run: events before the newest
 * `ExecutionRedriven` belong to a run that the redrive left behind.
 */
export async function latestState(
  deps: SfnDeps,
  executionArn: string,
): Promise<{ state?: string; lastError?: ExecutionError }> {
  const { events = [] } = await deps.sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: HISTORY_PAGE }),
  );
  const entered = events.find((event) => event.type?.endsWith('StateEntered'));
  const redriven = events.findIndex((event) => event.type === 'ExecutionRedriven');
  const currentRun = redriven === -1 ? events : events.slice(0, redriven);
  const failure = currentRun.find((event) => event.type !== undefined && event.type in FAILURE_DETAILS);
  const details = failure
    ? (failure[FAILURE_DETAILS[failure.type!]!] as { error?: string; cause?: string } | undefined)
    : undefined;
  return {
    ...(entered?.stateEnteredEventDetails?.name ? { state: entered.stateEnteredEventDetails.name } : {}),
    ...(details?.error
      ? { lastError: { error: details.error, ...(details.cause ? { cause: details.cause } : {}) } }
      : {}),
  };
}

export async function executionReport(deps: SfnDeps, name: string): Promise<ExecutionReport | undefined> {
  const described = await describeExecution(deps, name);
  if (!described?.executionArn) return undefined;
  const latest = await latestState(deps, described.executionArn);
  const { state } = latest;
  // A succeeded execution has no error to act on, whatever its runs retried on the way.
  const lastError = described.status === 'SUCCEEDED' ? undefined : latest.lastError;
  const ownError = described.error
    ? { error: described.error, ...(described.cause ? { cause: described.cause } : {}) }
    : undefined;
  return {
    executionArn: described.executionArn,
    name: described.name ?? name,
    status: described.status ?? 'UNKNOWN',
    ...(described.startDate ? { startDate: described.startDate.toISOString() } : {}),
    ...(described.stopDate ? { stopDate: described.stopDate.toISOString() } : {}),
    redriveCount: described.redriveCount ?? 0,
    ...(described.redriveStatus ? { redriveStatus: described.redriveStatus } : {}),
    ...(state ? { state } : {}),
    ...((lastError ?? ownError) ? { lastError: lastError ?? ownError } : {}),
    ...(described.input ? { input: described.input } : {}),
  };
}
