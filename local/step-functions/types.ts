/** The types the runner and the endpoint share: one execution's status and where a redrive resumes. */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type ClosedStatus = Exclude<ExecutionStatus, 'RUNNING'>;

/** The state an execution stopped at and the input it had: where a redrive starts again. */
export interface ResumePoint {
  state: string;
  input: unknown;
}
