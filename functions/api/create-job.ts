/**
 * Records a new job exactly once per request. The job id is random; an Idempotency-Key, or the same body
 * from the same client within the dedup window, finds its job through a claim in the requests table.
 * The claim is written first, with a conditional put: of several racing requests one wins, is counted
 * against the rate limits and creates the job; the others follow its claim, so a retry is never counted
 * (or refused) a second time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobItem, NewJob } from '../shared/tables/jobs.js';
import type { RequestClaim } from '../shared/tables/requests.js';
import type { ApiDeps } from './deps.js';
import { bodyScope, keyScope, requestedRendition, type ClaimScope } from './request-claims.js';
import { ApiError } from './responses.js';
import { RateLimited, rateLimitedAgain } from './rate-limit.js';

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

/** Counts a new request against the limits; throws RateLimited when one is reached. */
export type Admit = () => Promise<void>;

/** How long a request waits for a racing claimer to create its job before creating it itself. */
const FOLLOW_POLLS = 20;
const FOLLOW_POLL_MS = 50;

const keyReused = () =>
  new ApiError(
    409,
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different request; use a new key',
    'Idempotency-Key',
  );

function scopeOf(deps: ApiDeps, fields: JobFields, request: JobRequestContext): ClaimScope {
  return request.idempotencyKey
    ? keyScope(request.clientId, request.idempotencyKey, fields.email, deps.config.JOB_TTL_DAYS)
    : bodyScope(request.clientId, fields);
}

/** A claim a new request may take over: past its window, or refused in a rate-limit window now over. */
function isStale(claim: RequestClaim, cutoff: number, now: number): boolean {
  return claim.created_ms < cutoff || (claim.refused !== undefined && claim.refused.until_ms <= now);
}

async function admitAndCreate(
  deps: ApiDeps,
  claim: RequestClaim,
  fields: JobFields,
  admit: Admit,
  now: Date,
): Promise<CreatedJob> {
  try {
    await admit();
  } catch (error) {
    // Retries of this request are refused the same way until the window ends.
    if (error instanceof RateLimited) await deps.requests.refuse(claim, error.refusal);
    throw error;
  }
  return deps.jobs.create({ job_id: claim.job_id, ...fields }, now);
}

/** The job a live claim points at, once its claimer has written it; created here if the claimer never does. */
async function followClaim(
  deps: ApiDeps,
  claim: RequestClaim,
  fields: JobFields,
  admit: Admit,
  now: Date,
): Promise<CreatedJob | undefined> {
  const rendition = claim.rendition ?? claim.format;
  if (claim.source_url !== fields.source_url || rendition !== requestedRendition(fields)) throw keyReused();
  let current: RequestClaim | undefined = claim;
  for (let poll = 0; poll < FOLLOW_POLLS; poll++) {
    if (current.refused) throw rateLimitedAgain(current.refused, now.getTime());
    const job = await deps.jobs.get(current.job_id);
    if (job) return { created: false, job };
    await sleep(FOLLOW_POLL_MS);
    current = await deps.requests.find(claim.pk);
    // Taken over or gone meanwhile: start again.
    if (current?.job_id !== claim.job_id) return undefined;
  }
  // The claimer stopped between claiming and writing the job (a crash or a timeout): finish its work.
  return admitAndCreate(deps, current, fields, admit, now);
}

export async function createJob(
  deps: ApiDeps,
  fields: JobFields,
  request: JobRequestContext,
  admit: Admit = async () => {},
): Promise<CreatedJob> {
  const now = deps.now();
  const scope = scopeOf(deps, fields, request);
  const cutoff = now.getTime() - scope.windowMs;
  for (let attempt = 0; attempt < 3; attempt++) {
    let claim = await deps.requests.find(scope.pk);
    if (!claim || isStale(claim, cutoff, now.getTime())) {
      const mine: RequestClaim = {
        pk: scope.pk,
        job_id: deps.newJobId(),
        source_url: fields.source_url,
        format: fields.format,
        rendition: requestedRendition(fields),
        created_ms: now.getTime(),
        expires_at: Math.floor(now.getTime() / 1000) + scope.ttlSeconds,
      };
      const result = await deps.requests.claim(mine, cutoff, now.getTime());
      if (result.claimed) return admitAndCreate(deps, mine, fields, admit, now);
      claim = result.claim;
      if (isStale(claim, cutoff, now.getTime())) continue;
    }
    const followed = await followClaim(deps, claim, fields, admit, now);
    if (followed) return followed;
  }
  throw new Error('The request claim kept changing under concurrent requests');
}
