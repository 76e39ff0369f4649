/** Reads an execution's event log as the path it took: states entered, retries, catches, failures. */

import type { ResumePoint } from '../types.js';

/** The subset of aws-local-stepfunctions' event log entries this module reads. */
export interface ExecutionEvent {
  type: string;
  timestamp: number;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
  retry?: { retrier: { ErrorEquals: string[] }; attempt: number };
  catch?: { catcher: { ErrorEquals: string[]; Next: string } };
  /** `TaskScheduled` only (this module's own event): what the Task was invoked with, Parameters applied. */
  parameters?: unknown;
}

export interface StateError {
  state: string;
  error: string;
  cause?: unknown;
}

export interface RetryRecord extends StateError {
  /** 1 for the first retry of that retrier. */
  attempt: number;
}

export interface CatchRecord extends StateError {
  next: string;
}

export interface ExecutionHistory {
  /** Every state entered, in order (a retried state appears once). */
  path: string[];
  retries: RetryRecord[];
  catches: CatchRecord[];
  /** Every attempt that threw, including the ones retried or caught afterwards. */
  failures: StateError[];
  /** The state the execution failed at, with the input it had: where a redrive resumes. */
  failedAt?: ResumePoint;
}

export function readExecutionHistory(events: readonly ExecutionEvent[]): ExecutionHistory {
  const history: ExecutionHistory = { path: [], retries: [], catches: [], failures: [] };
  let lastFailure: StateError | undefined;
  let lastEntered: ResumePoint | undefined;
  for (const event of events) {
    const state = event.state?.name;
    switch (event.type) {
      case 'StateEntered':
        history.path.push(state as string);
        lastEntered = { state: state as string, input: event.state?.input };
        break;
      case 'StateFailed':
        lastFailure = { state: state as string, error: event.Error ?? 'Unknown', cause: event.Cause };
        history.failures.push(lastFailure);
        break;
      case 'StateRetried':
        history.retries.push({
          state: state as string,
          error: lastFailure?.error ?? 'Unknown',
          cause: lastFailure?.cause,
          attempt: (event.retry?.attempt ?? 0) as number,
        });
        break;
      case 'StateCaught':
        history.catches.push({
          state: state as string,
          error: lastFailure?.error ?? 'Unknown',
          cause: lastFailure?.cause,
          next: event.catch?.catcher.Next ?? '',
        });
        break;
      case 'ExecutionFailed':
      case 'ExecutionTimeout':
      case 'ExecutionAborted':
        if (lastEntered) history.failedAt = lastEntered;
        break;
    }
  }
  return history;
}
