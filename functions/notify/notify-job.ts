/**
 * Notify: emails the requester the outcome of their job (the download link, or why the video was
 * refused) and records it on the job, at most once per job whatever retries or redrives happen.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import type { JobsTable } from '../shared/tables/jobs.js';
import type { MediaTable } from '../shared/tables/media.js';
import type { JobStatus } from '../shared/types.js';
import { deliver, type DeliveredRequest } from './deliver.js';
import { oncePerJob, type JobIdempotency } from './idempotency.js';
import { reject, rejectionOf, type RejectedRequest } from './reject.js';

export type NotifyTask = DeliveredRequest | RejectedRequest;

export interface NotifyResult {
  jobId: string;
  status: Extract<JobStatus, 'DELIVERED' | 'REJECTED'>;
  /** SES's id of the email sent. */
  messageId: string;
}

export interface NotifyDeps {
  jobs: Pick<JobsTable, 'require' | 'update'>;
  media: Pick<MediaTable, 'get'>;
  ses: SESv2Client;
  senderEmail: string;
  publicApiUrl: string;
  linkTtlHours: number;
  idempotency: JobIdempotency;
  clock?: () => Date;
}

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
