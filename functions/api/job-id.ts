/**
 * Job ids are random (UUIDv4 from the OS's CSPRNG), never derived from the request: knowing someone's
 * email, link or Idempotency-Key does not tell you their job id. Retries find their job through a
 * stored claim (request-claims.ts) instead.
 */
import { createHash, randomUUID } from 'node:crypto';

/** Anything a job id can look like (UUIDv4, or the 32 hex of older derived ids); others are 404 without a read. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function randomJobId(): string {
  return randomUUID();
}

export function isJobId(value: string): boolean {
  return JOB_ID_PATTERN.test(value);
}

/** SHA-256 hex of the parts: claim and counter keys hold no email or key in the clear. */
export function digest(...parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
