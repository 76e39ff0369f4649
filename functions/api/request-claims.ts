/** The claim a request makes: whose request it is (the client, and the recipient) and what identifies a retry of it. */
import type { JobFields } from './create-job.js';
import { DEFAULT_AUDIO_OPTIONS, renditionName } from '../shared/contract/audio-options.js';
import { digest } from './job-id.js';

/** The rendition a request asks for: its format and options, as the media cache names it. */
export function requestedRendition(fields: JobFields): string {
  return renditionName(fields.format, fields.options ?? DEFAULT_AUDIO_OPTIONS);
}

/** The SQS FIFO deduplication window: an identical request inside it is a retry, after it a new job. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

export interface ClaimScope {
  pk: string;
  /** How long the claim is kept, in seconds. */
  ttlSeconds: number;
  /** A claim older than this is no longer a retry's: a new request may take it over. */
  windowMs: number;
}

/** Same key from the same client for the same recipient: the same job; anyone else's key is another claim. */
export function keyScope(
  clientId: string,
  idempotencyKey: string,
  email: string,
  jobTtlDays: number,
): ClaimScope {
  return {
    pk: `key#${digest(clientId, email.toLowerCase(), idempotencyKey)}`,
    ttlSeconds: jobTtlDays * 86_400,
    windowMs: jobTtlDays * 86_400_000,
  };
}

/** Same body from the same client within the dedup window: the same job. */
export function bodyScope(clientId: string, fields: JobFields): ClaimScope {
  return {
    pk: `body#${digest(clientId, fields.email.toLowerCase(), requestedRendition(fields), fields.source_url)}`,
    ttlSeconds: DEDUP_WINDOW_MS / 1000 + 60,
    windowMs: DEDUP_WINDOW_MS,
  };
}
