/**
 * Abuse limits on accepted jobs: per recipient and per client, each a counter per clock hour in the
 * requests table, incremented with one conditional UpdateItem (ADD below the limit), so concurrent
 * requests cannot pass a limit together. The counters expire by TTL an hour after their window.
 */
import { digest } from './job-id.js';
import type { ApiDeps } from './deps.js';
import type { Refusal } from '../shared/tables/requests.js';
import { ApiError } from './responses.js';

const HOUR_MS = 3_600_000;

interface Limit {
  pk: string;
  limit: number;
  field: string;
  message: (minutes: number) => string;
}

function inMinutes(minutes: number): string {
  return minutes === 1 ? 'in 1 minute' : `in ${minutes} minutes`;
}

function limitsFor(deps: ApiDeps, email: string, clientId: string, hour: number): Limit[] {
  const { RECIPIENT_JOBS_PER_HOUR: perRecipient, CLIENT_JOBS_PER_HOUR: perClient } = deps.config;
  return [
    {
      pk: `rate#recipient#${digest(email.toLowerCase())}#${hour}`,
      limit: perRecipient,
      field: 'email',
      message: (minutes) =>
        `This address has been sent the most jobs we accept in an hour (${perRecipient}); try again ${inMinutes(minutes)}`,
    },
    {
      pk: `rate#client#${digest(clientId)}#${hour}`,
      limit: perClient,
      field: 'client',
      message: (minutes) =>
        `You have sent the most jobs we accept from one client in an hour (${perClient}); try again ${inMinutes(minutes)}`,
    },
  ];
}

/** 429 RATE_LIMITED with Retry-After; carries what a claim records so the request's retries are refused alike. */
export class RateLimited extends ApiError {
  constructor(
    readonly refusal: Refusal,
    nowMs: number,
  ) {
    const retryAfter = Math.max(1, Math.ceil((refusal.until_ms - nowMs) / 1000));
    super(429, 'RATE_LIMITED', refusal.message, refusal.field, { 'retry-after': String(retryAfter) });
  }
}

export function rateLimitedAgain(refusal: Refusal, nowMs: number): RateLimited {
  return new RateLimited(refusal, nowMs);
}

/**
 * Counts one new job against both limits; throws RateLimited (after giving back what it counted) when
 * either is reached.
 */
export async function admitJob(deps: ApiDeps, email: string, clientId: string): Promise<void> {
  const now = deps.now().getTime();
  const hour = Math.floor(now / HOUR_MS);
  const windowEnd = (hour + 1) * HOUR_MS;
  const expiresAt = Math.floor(windowEnd / 1000) + 3600;
  const limits = limitsFor(deps, email, clientId, hour);
  const counted = await Promise.all(
    limits.map((limit) => deps.requests.increment(limit.pk, limit.limit, expiresAt)),
  );
  const reached = limits.find((_, index) => !counted[index]);
  if (!reached) return;
  await Promise.all(
    limits.filter((_, index) => counted[index]).map((limit) => deps.requests.decrement(limit.pk)),
  );
  const minutes = Math.max(1, Math.ceil((windowEnd - now) / 60_000));
  throw new RateLimited(
    { field: reached.field, message: reached.message(minutes), until_ms: windowEnd },
    now,
  );
}
