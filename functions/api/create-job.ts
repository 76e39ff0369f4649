/**
 * Records a new job exactly once per request. The job id is random; an Idempotency-Key, or the same body
 * from the same client within the dedup window, finds its job through a claim in the requests table,
 * written with a conditional put so that of several racing requests one wins and the others replay it.
 */
import type { JobItem, NewJob } from '../shared/tables/jobs.js';
import type { RequestClaim } from '../shared/tables/requests.js';
import type { ApiDeps } from './deps.js';
import { bodyScope, keyScope, type ClaimScope } from './request-claims.js';
import { ApiError } from './responses.js';

export { DEDUP_WINDOW_MS } from './request-claims.js';

export type JobFields = Omit<NewJob, 'job_id'>;

export interface JobRequestContext {
  idempotencyKey?: string;
  /** Who is asking: the IAM caller when the API is authorised, else the source IP. */
  clientId: string;
}

export interface CreatedJob {
  created: boolean;
  job: JobItem;
}

const keyReused = () =>
  new ApiError(
    409,
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different request; use a new key',
    'Idempotency-Key',
  );

/** The job a live claim points at; written now when its claimer has not (yet, or ever: it failed after claiming). */
async function replay(deps: ApiDeps, claim: RequestClaim, fields: JobFields, now: Date): Promise<CreatedJob> {
  if (claim.source_url !== fields.source_url || claim.format !== fields.format) throw keyReused();
  const job = await deps.jobs.get(claim.job_id);
  if (job) return { created: false, job };
  return deps.jobs.create({ job_id: claim.job_id, ...fields }, now);
}

function scopeOf(deps: ApiDeps, fields: JobFields, request: JobRequestContext): ClaimScope {
  return request.idempotencyKey
    ? keyScope(request.clientId, request.idempotencyKey, fields.email, deps.config.JOB_TTL_DAYS)
    : bodyScope(request.clientId, fields);
}

/**
 * `admit` runs only for a request that is not a retry, before its claim is written (the rate limits);
 * it returns a function that undoes it, called when a racing retry turns out to have won the claim.
 */
export async function createJob(
  deps: ApiDeps,
  fields: JobFields,
  request: JobRequestContext,
  admit: () => Promise<() => Promise<void>> = async () => async () => {},
): Promise<CreatedJob> {
  const now = deps.now();
  const scope = scopeOf(deps, fields, request);
  const cutoff = now.getTime() - scope.windowMs;
  const existing = await deps.requests.find(scope.pk);
  if (existing && existing.created_ms >= cutoff) return replay(deps, existing, fields, now);

  const undo = await admit();
  const claim: RequestClaim = {
    pk: scope.pk,
    job_id: deps.newJobId(),
    source_url: fields.source_url,
    format: fields.format,
    created_ms: now.getTime(),
    expires_at: Math.floor(now.getTime() / 1000) + scope.ttlSeconds,
  };
  const result = await deps.requests.claim(claim, cutoff);
  if (!result.claimed) {
    await undo();
    return replay(deps, result.claim, fields, now);
  }
  return deps.jobs.create({ job_id: claim.job_id, ...fields }, now);
}
