/** The rejected path: an email saying in plain words why the video was refused, the job REJECTED with that reason. */
import { describeRejection, rejectedEmail } from '../shared/email/rejected.js';
import { sendEmail } from '../shared/email/send-email.js';
import type { NotifyRequest } from '../shared/types.js';
import type { NotifyDeps, NotifyResult } from './notify-job.js';
import { parseRejectionCause, type CaughtError } from './rejection-cause.js';

export type RejectedRequest = NotifyRequest & { outcome: 'REJECTED'; error: CaughtError };

export async function reject(request: RejectedRequest, deps: NotifyDeps): Promise<NotifyResult> {
  const job = await deps.jobs.require(request.jobId);
  await deps.jobs.update(request.jobId, 'NOTIFYING', {}, deps.clock?.() ?? new Date());
  const cause = parseRejectionCause(request.error);
  const rejection = describeRejection(cause.name, cause.message);
  const content = rejectedEmail({ rejection, url: job.source_url, title: job.video?.title });
  const messageId = await sendEmail(deps.ses, { from: deps.senderEmail, to: job.email, content });
  await deps.jobs.update(
    request.jobId,
    'REJECTED',
    { reason: rejection.reason },
    deps.clock?.() ?? new Date(),
  );
  return { jobId: request.jobId, status: 'REJECTED', messageId };
}
