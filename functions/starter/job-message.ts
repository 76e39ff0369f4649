/** The job message the API puts on the queue, checked against the contract before it names an execution. */
import { jobMessageSchema, type JobRequest } from '../shared/contract/job.js';

/** A message body that is not a JobRequest: retrying cannot fix it, the queue's DLQ keeps it for a look. */
export class MalformedJobMessage extends Error {
  override readonly name = 'MalformedJobMessage';
}

export function parseJobMessage(body: string): JobRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedJobMessage('Message body is not JSON');
  }
  const parsed = jobMessageSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new MalformedJobMessage(`Message body is not a job request (${problems.join('; ')})`);
  }
  return parsed.data;
}
