/** The Powertools logger every function uses: JSON lines, jobId/videoId appended per invocation, emails masked. */
import { Logger } from '@aws-lambda-powertools/logger';

const EMAIL_PATTERN = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** `jane.doe@example.com` → `j***@example.com`: enough to recognise a domain, never the address. */
export function maskEmail(text: string): string {
  return text.replace(EMAIL_PATTERN, '$1***@$2');
}

export const logger = new Logger({
  serviceName: 'audio-sync',
  // A safety net under the rule "never log an email": every string value is scrubbed before it is written.
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? maskEmail(value) : value),
});

/** Adds the job and video ids to every following log line of this invocation. */
export function appendJobKeys(keys: { jobId?: string; videoId?: string }): void {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
  logger.appendKeys(defined);
}
