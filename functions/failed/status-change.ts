/**
 * The EventBridge "Step Functions Execution Status Change" event. AWS does not say at which state an
 * execution failed; the local stack adds `detail.failedState` as a hint, otherwise the state stays unknown.
 */
import * as z from 'zod';
import { statusChangeEventSchema } from '../shared/contract/status-change.js';
import { FAILURE_STATUSES, isFailureStatus, type FailureStatus } from '../shared/contract/statuses.js';
import { parseTaskInput } from '../shared/task-input.js';

export { FAILURE_STATUSES, type FailureStatus };

const inputJobId = z.object({ jobId: z.string().min(1) });

/** The job: the execution input's jobId (replays run as `<jobId>-replay-<n>`), else the execution name. */
function jobIdOf(detail: { name: string; input?: string | null }): string {
  try {
    const parsed = inputJobId.safeParse(JSON.parse(detail.input ?? ''));
    if (parsed.success) return parsed.data.jobId;
  } catch {
    // Not JSON: fall back to the name, which is the jobId for every execution the starter starts.
  }
  return detail.name;
}

export interface StatusChange {
  jobId: string;
  executionArn: string;
  status: string;
  error?: string;
  cause?: string;
  failedState?: string;
}

export const isFailure = isFailureStatus;

export function parseStatusChange(event: unknown): StatusChange {
  const { detail } = parseTaskInput(statusChangeEventSchema, event, 'Not an execution status change event');
  return {
    jobId: jobIdOf(detail),
    executionArn: detail.executionArn,
    status: detail.status,
    ...(detail.error ? { error: detail.error } : {}),
    ...(detail.cause ? { cause: detail.cause } : {}),
    ...(detail.failedState ? { failedState: detail.failedState } : {}),
  };
}
