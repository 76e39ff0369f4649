/**
 * Notify: emails the requester the outcome of their job (the download link, or why the video was
 * refused) and records it on the job, at most once per job whatever retries or redrives happen.
 */
import type { Context } from 'aws-lambda';
import type { NotifyInput, NotifyOutput } from '../shared/contract/tasks.js';
import { deliver } from './deliver.js';
import { oncePerJob } from './idempotency.js';
import { reject, rejectionOf } from './reject.js';
import type { NotifyDeps } from './types.js';

export type { NotifyDeps } from './types.js';
export type NotifyTask = NotifyInput;
export type NotifyResult = NotifyOutput;

/** The notification a handler calls: the email once per jobId, then the job's final status. */
export function createNotifier(
  deps: NotifyDeps,
): (task: NotifyTask, context?: Context) => Promise<NotifyResult> {
  const once = oncePerJob(deps.idempotency, (task: NotifyTask) =>
    task.outcome === 'DELIVERED' ? deliver(task, deps) : reject(task, deps),
  );
  return async (task, context) => {
    const result = await once(task, context);
    // Outside the once-only record: a failed write here must not erase the record of the email already
    // sent, or the retry or redrive that follows would send it again. Rewriting it on a replay is harmless.
    const fields = task.outcome === 'REJECTED' ? { reason: rejectionOf(task).reason } : {};
    await deps.jobs.update(task.jobId, result.status, fields, deps.clock?.() ?? new Date());
    return result;
  };
}
