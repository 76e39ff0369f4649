/**
 * Download tokens: `<jobId>.<secret>`, the secret 256 random bits in base64url. Only the SHA-256 of the
 * secret is stored on the job, so a leaked table does not leak working links.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  token: string;
  /** Hex SHA-256 of the secret part: what the jobs table keeps. */
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueDownloadToken(jobId: string): IssuedToken {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${jobId}.${secret}`, hash: hashSecret(secret) };
}

/** Splits a token into its job id and secret; undefined when it cannot be one of ours. */
export function parseDownloadToken(token: string): { jobId: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return undefined;
  return { jobId: match[1]!, secret: match[2]! };
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
