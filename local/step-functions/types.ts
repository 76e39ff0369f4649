/** The types the runner and the endpoint share: one execution's status and where a redrive resumes. */

import type { ExecutionStatus } from '../../functions/shared/contract/statuses.js';

export type { ExecutionStatus };
export type ClosedStatus = Exclude<ExecutionStatus, 'RUNNING'>;

/** The state an execution stopped at and the input it had: where a redrive starts again. */
export interface ResumePoint {
  state: string;
  input: unknown;
}
