/** The rejected path: an email saying in plain words why the video was refused, the job REJECTED with that reason. */
import { describeRejection, rejectedEmail } from '../shared/email/rejected.js';
import { sendEmail } from '../shared/email/send-email.js';
import { mailOptions } from '../shared/email/unsubscribe.js';
import { countJob } from '../shared/metrics.js';
import type { NotifyOutput, NotifyRejectedInput } from '../shared/contract/tasks.js';
import type { NotifyDeps } from './types.js';
import { parseRejectionCause } from './rejection-cause.js';

type RejectedRequest = NotifyRejectedInput;

/** What the requester is told, and the job records, about the caught rejection. */
export function rejectionOf(request: RejectedRequest): ReturnType<typeof describeRejection> {
  const cause = parseRejectionCause(request.error);
  return describeRejection(cause.name, cause.message);
}

export async function reject(request: RejectedRequest, deps: NotifyDeps): Promise<NotifyOutput> {
  const job = await deps.jobs.require(request.jobId);
  await deps.jobs.update(request.jobId, 'NOTIFYING', {}, deps.clock?.() ?? new Date());
  const rejection = rejectionOf(request);
  const content = rejectedEmail({ rejection, url: job.source_url, title: job.video?.title });
  const messageId = await sendEmail(deps.ses, {
    from: deps.senderEmail,
    to: job.email,
    content,
    ...(await mailOptions(deps.mail, job.email)),
  });
  countJob('JobsRejected');
  return { jobId: request.jobId, status: 'REJECTED', messageId };
}
