/**
 * The EventBridge "Step Functions Execution Status Change" event. AWS does not say at which state an
 * execution failed; the local stack adds `detail.failedState` as a hint, otherwise the state stays unknown.
 */
import { z } from 'zod';
import { parseTaskInput } from '../shared/task-input.js';

export const FAILURE_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

const statusChangeSchema = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    name: z.string().min(1),
    status: z.string().min(1),
    error: z.string().nullish(),
    cause: z.string().nullish(),
    failedState: z.string().min(1).optional(),
    /** The execution input, a JSON string: its jobId names the job even for a replay's own execution name. */
    input: z.string().nullish(),
  }),
});

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

export function isFailure(status: string): status is FailureStatus {
  return (FAILURE_STATUSES as readonly string[]).includes(status);
}

export function parseStatusChange(event: unknown): StatusChange {
  const { detail } = parseTaskInput(statusChangeSchema, event, 'Not an execution status change event');
  return {
    jobId: jobIdOf(detail),
    executionArn: detail.executionArn,
    status: detail.status,
    ...(detail.error ? { error: detail.error } : {}),
    ...(detail.cause ? { cause: detail.cause } : {}),
    ...(detail.failedState ? { failedState: detail.failedState } : {}),
  };
}
