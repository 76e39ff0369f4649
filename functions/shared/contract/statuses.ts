/** The statuses of a job (the jobs table, the API) and of an execution (Step Functions, EventBridge). */
export const JOB_STATUSES = [
  'QUEUED',
  'VALIDATING',
  'EXTRACTING',
  'NOTIFYING',
  'DELIVERED',
  'REJECTED',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses Notify ends a job in. */
export const OUTCOME_STATUSES = ['DELIVERED', 'REJECTED'] as const satisfies readonly JobStatus[];
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** The closed statuses the failure handler hears about, and the ones an operator can redrive. */
export const FAILURE_STATUSES = [
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
] as const satisfies readonly ExecutionStatus[];
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

export function isFailureStatus(status: string): status is FailureStatus {
  return (FAILURE_STATUSES as readonly string[]).includes(status);
}
