/** Job ids: random without an Idempotency-Key, derived from the key and the requester with one, so a retry finds its job. */
import { createHash, randomUUID } from 'node:crypto';

/** Anything a job id can look like (UUIDv4 or 32 hex); other ids are answered 404 without a table read. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function randomJobId(): string {
  return randomUUID();
}

/** 32 hex characters of SHA-256: every derived job id has this shape. */
function derivedJobId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * The same key from the same requester always names the same job; the email is part of it so one
 * client's key cannot collide with another's.
 */
export function idempotentJobId(idempotencyKey: string, email: string): string {
  return derivedJobId(`idem:${idempotencyKey}:${email.toLowerCase()}`);
}

/** The job an identical request from this client maps to; `previous` chains to the next window's id. */
export function fingerprintJobId(
  fields: { format: string; email: string; source_url: string },
  clientId: string,
  previous?: string,
): string {
  if (previous) return derivedJobId(`next:${previous}`);
  return derivedJobId(`body:${clientId}:${fields.format}:${fields.email.toLowerCase()}:${fields.source_url}`);
}

export function isJobId(value: string): boolean {
  return JOB_ID_PATTERN.test(value);
}
