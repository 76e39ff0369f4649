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
  }),
});

export interface StatusChange {
  /** The execution name, which is the jobId. */
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
    jobId: detail.name,
    executionArn: detail.executionArn,
    status: detail.status,
    ...(detail.error ? { error: detail.error } : {}),
    ...(detail.cause ? { cause: detail.cause } : {}),
    ...(detail.failedState ? { failedState: detail.failedState } : {}),
  };
}
