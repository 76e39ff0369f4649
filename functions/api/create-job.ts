/**
 * Records a new job exactly once per request: an Idempotency-Key names the job outright; without one,
 * the same body from the same client within the dedup window lands on the same job, even when the two
 * requests race (both derive the same id and the table's conditional write lets one in).
 */
import type { JobItem, NewJob } from '../shared/tables/jobs.js';
import type { ApiDeps } from './deps.js';
import { fingerprintJobId, idempotentJobId } from './job-id.js';

/** The SQS FIFO deduplication window: an identical request inside it is a retry, after it a new job. */
export const DEDUP_WINDOW_MS = 5 * 60_000;
/** Windows chained before giving up on determinism (a client re-sending the same body every few minutes). */
const MAX_CHAINED_WINDOWS = 16;

export type JobFields = Omit<NewJob, 'job_id'>;

function isRecent(job: JobItem, now: Date): boolean {
  return now.getTime() - Date.parse(job.created_at) < DEDUP_WINDOW_MS;
}

export async function createJob(
  deps: ApiDeps,
  fields: JobFields,
  request: { idempotencyKey?: string; clientId: string },
): Promise<{ created: boolean; job: JobItem }> {
  const now = deps.now();
  if (request.idempotencyKey) {
    return deps.jobs.create(
      { job_id: idempotentJobId(request.idempotencyKey, fields.email), ...fields },
      now,
    );
  }
  let jobId = fingerprintJobId(fields, request.clientId);
  for (let window = 0; window < MAX_CHAINED_WINDOWS; window++) {
    const result = await deps.jobs.create({ job_id: jobId, ...fields }, now);
    if (result.created || isRecent(result.job, now)) return result;
    // An older job with this fingerprint: the request is new work; the next id in the chain is just as
    // deterministic, so concurrent repeats still meet on one job.
    jobId = fingerprintJobId(fields, request.clientId, jobId);
  }
  return deps.jobs.create({ job_id: deps.newJobId(), ...fields }, now);
}
