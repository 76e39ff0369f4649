/** The delivered path: a fresh download link on the job and the email that carries it. */
import { issueDownloadToken } from '../shared/download-token.js';
import { deliveredEmail } from '../shared/email/delivered.js';
import { sendEmail } from '../shared/email/send-email.js';
import { mailOptions } from '../shared/email/unsubscribe.js';
import { renditionName } from '../shared/contract/audio-options.js';
import { InvalidTaskInput } from '../shared/errors.js';
import { countJob } from '../shared/metrics.js';
import { toRendition } from '../shared/tables/media.js';
import type { NotifyDeliveredInput, NotifyOutput, Rendition } from '../shared/contract/tasks.js';
import type { NotifyDeps } from './types.js';

const HOUR_MS = 60 * 60 * 1000;

/** The rendition recorded on the media item: Extract's when it ran, the cached one otherwise. */
async function renditionFor(request: NotifyDeliveredInput, deps: NotifyDeps): Promise<Rendition> {
  const item = await deps.media.get(request.video.videoId);
  const name = renditionName(request.format, request.options);
  const stored = item?.renditions?.[name];
  if (!stored) {
    throw new InvalidTaskInput(
      `No ${name} rendition is recorded for video ${request.video.videoId}; it cannot be delivered`,
    );
  }
  return toRendition(stored);
}

export function downloadLink(publicApiUrl: string, token: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/download/${token}`;
}

export async function deliver(request: NotifyDeliveredInput, deps: NotifyDeps): Promise<NotifyOutput> {
  const now = deps.clock?.() ?? new Date();
  const job = await deps.jobs.require(request.jobId);
  const rendition = await renditionFor(request, deps);
  const { token, hash } = issueDownloadToken(request.jobId);
  // The link must work before the email that carries it can arrive.
  await deps.jobs.update(
    request.jobId,
    'NOTIFYING',
    {
      link_hash: hash,
      link_expires_at: new Date(now.getTime() + deps.linkTtlHours * HOUR_MS).toISOString(),
      s3_key: rendition.s3Key,
    },
    now,
  );
  const content = deliveredEmail({
    title: request.video.title,
    author: request.video.author,
    durationSeconds: request.video.durationSeconds,
    format: request.format,
    bytes: rendition.bytes,
    link: downloadLink(deps.publicApiUrl, token),
    linkTtlHours: deps.linkTtlHours,
  });
  const messageId = await sendEmail(deps.ses, {
    from: deps.senderEmail,
    to: job.email,
    content,
    ...(await mailOptions(deps.mail, job.email, now)),
  });
  countJob('JobsDelivered');
  return { jobId: request.jobId, status: 'DELIVERED', messageId };
}
