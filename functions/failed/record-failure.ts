/**
 * The failure handler's work: an execution that failed, timed out or was stopped leaves its job FAILED
 * with what went wrong, and the requester gets one short apology per job, ever. Ops redrive the execution
 * from the failed state or replay it; a second failure updates the job's details but sends no email.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { failedEmail } from '../shared/email/failed.js';
import { sendEmail } from '../shared/email/send-email.js';
import { mailOptions, type MailPolicy } from '../shared/email/unsubscribe.js';
import { logger } from '../shared/logger.js';
import { countJob } from '../shared/metrics.js';
import type { JobsTable } from '../shared/tables/jobs.js';
import type { FailureStatus, StatusChange } from './status-change.js';

export interface FailedDeps {
  jobs: Pick<JobsTable, 'get' | 'markFailed' | 'claimApology'>;
  ses: SESv2Client;
  senderEmail: string;
  publicApiUrl: string;
  clock?: () => Date;
  /** Unsubscribe headers and the SES configuration set; the deployed wiring always sets it. */
  mail?: MailPolicy;
}

export type FailureOutcome =
  | { action: 'notified'; jobId: string; messageId: string }
  /** The requester already got the job's apology (or its download link): no second email. */
  | { action: 'already-told'; jobId: string }
  | { action: 'unknown-job'; jobId: string };

/** A cause can be a 32 KB stack trace; the job keeps enough to diagnose, the logs keep it all. */
const MAX_CAUSE_LENGTH = 4096;

const REASONS: Record<FailureStatus, string> = {
  FAILED: 'Something went wrong on our side while processing this video. Our team has been alerted.',
  TIMED_OUT: 'Processing took longer than allowed and was stopped. Our team has been alerted.',
  ABORTED: 'Processing was stopped before it finished. Our team has been alerted.',
};

export async function recordFailure(
  change: StatusChange & { status: FailureStatus },
  deps: FailedDeps,
): Promise<FailureOutcome> {
  const { jobId } = change;
  const job = await deps.jobs.get(jobId);
  if (!job) {
    // An execution started by hand, or a job past its TTL: nothing to mark and nobody to tell.
    logger.warn('Failed execution has no job');
    return { action: 'unknown-job', jobId };
  }
  const now = deps.clock?.() ?? new Date();
  await deps.jobs.markFailed(
    jobId,
    {
      reason: REASONS[change.status],
      error: {
        ...(change.failedState ? { state: change.failedState } : {}),
        error: change.error ?? `States.${change.status}`,
        ...(change.cause ? { cause: change.cause.slice(0, MAX_CAUSE_LENGTH) } : {}),
      },
    },
    now,
  );
  // Claimed first, emailed second: a duplicate event, a failed redrive or replay never sends a second one.
  if (!(await deps.jobs.claimApology(jobId, now))) {
    logger.info('The requester was already told; no second email');
    return { action: 'already-told', jobId };
  }
  countJob('JobsFailed');
  const content = failedEmail({
    jobId,
    url: job.source_url,
    title: job.video?.title,
    statusUrl: `${deps.publicApiUrl.replace(/\/+$/, '')}/jobs/${encodeURIComponent(jobId)}`,
  });
  const messageId = await sendEmail(deps.ses, {
    from: deps.senderEmail,
    to: job.email,
    content,
    ...(await mailOptions(deps.mail, job.email, now)),
  });
  return { action: 'notified', jobId, messageId };
}
