/** The job message the API puts on the queue: a `JobRequest`, checked before it names an execution. */
import { z } from 'zod';
import { AUDIO_FORMATS, type JobRequest } from '../shared/types.js';

/** A message body that is not a JobRequest: retrying cannot fix it, the queue's DLQ keeps it for a look. */
export class MalformedJobMessage extends Error {
  override readonly name = 'MalformedJobMessage';
}

const jobRequestSchema = z.strictObject({
  // The jobId becomes the execution name: Step Functions allows 1-80 of these characters.
  jobId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'jobId must be 1-80 letters, digits, "-" or "_"'),
  url: z.string().min(1, 'url must not be empty'),
  format: z.enum(AUDIO_FORMATS),
});

export function parseJobMessage(body: string): JobRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedJobMessage('Message body is not JSON');
  }
  const parsed = jobRequestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new MalformedJobMessage(`Message body is not a job request (${problems.join('; ')})`);
  }
  return parsed.data;
}
