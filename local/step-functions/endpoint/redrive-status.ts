/** Whether RedriveExecution would accept an execution now, and AWS's reason when it would not. */
import type { ExecutionStatus } from '../types.js';

/** AWS keeps a closed execution redrivable for 14 days after it stopped. */
export const REDRIVABLE_PERIOD_MS = 14 * 24 * 60 * 60 * 1000;

export interface RedriveStatus {
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
  /** Only when NOT_REDRIVABLE, in AWS's words. */
  redriveStatusReason?: string;
}

export function redriveStatusOf(
  execution: { status: ExecutionStatus; stopDate?: Date },
  now: number,
): RedriveStatus {
  const { status, stopDate } = execution;
  if (status === 'RUNNING' || status === 'SUCCEEDED') {
    return {
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: `Execution is ${status} and cannot be redriven.`,
    };
  }
  if (stopDate && now - stopDate.getTime() > REDRIVABLE_PERIOD_MS) {
    return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Execution redrivable period exceeded.' };
  }
  return { redriveStatus: 'REDRIVABLE' };
}
