/** Job ids: random without an Idempotency-Key, derived from the key and the requester with one, so a retry finds its job. */
import { createHash, randomUUID } from 'node:crypto';

/** Anything a job id can look like (UUIDv4 or 32 hex); other ids are answered 404 without a table read. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function randomJobId(): string {
  return randomUUID();
}

/**
 * The same key from the same requester always names the same job; the email is part of it so one
 * client's key cannot collide with another's.
 */
export function idempotentJobId(idempotencyKey: string, email: string): string {
  return createHash('sha256')
    .update(`idem:${idempotencyKey}:${email.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

export function isJobId(value: string): boolean {
  return JOB_ID_PATTERN.test(value);
}
