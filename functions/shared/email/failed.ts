/** The apology sent when a job failed on our side (the execution failed, timed out or was stopped). */
import { renderEmail, type EmailContent } from './layout.js';
import { unlinkedUrl } from './unlinked.js';

export interface FailedEmailInput {
  jobId: string;
  /** The link the requester sent: shown broken, never as a link. */
  url: string;
  title?: string;
  /** Where the requester can check the job's status. */
  statusUrl: string;
}

export function failedEmail({ jobId, url, title, statusUrl }: FailedEmailInput): EmailContent {
  const what = title ? `“${title}”` : 'your video';
  const details: [string, string][] = [
    ...(title ? ([['Title', title]] as [string, string][]) : []),
    ['Link', unlinkedUrl(url)],
    ['Reference', jobId],
    ['Status', statusUrl],
  ];
  return renderEmail(
    title ? `We could not finish your audio: ${title}` : 'We could not finish your audio request',
    {
      heading: 'Sorry, something went wrong',
      paragraphs: [
        `We could not finish converting ${what}. The problem is on our side, not with your link.`,
        'Our team has been alerted and will try to finish your request once the problem is fixed. If that works, you will get another email with your download link, so there is no need to send the link again.',
      ],
      details,
    },
  );
}
