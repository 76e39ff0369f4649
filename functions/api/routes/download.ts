/** `GET /download/{token}`: checks an emailed link and redirects to a short-lived presigned S3 URL. */
import { GetObjectCommand, HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { hashSecret, parseDownloadToken, secretMatches } from '../../shared/download-token.js';
import { appendJobKeys } from '../../shared/logger.js';
import type { JobItem } from '../../shared/tables/jobs.js';
import { FORMATS } from '../../shared/types.js';
import { attachmentDisposition, downloadFileName } from '../../shared/file-name.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, json, notFound, type ApiResponse } from '../responses.js';

// Compared against when there is no stored hash, so an unknown job costs the same compare as a wrong secret.
const NO_LINK_HASH = hashSecret('no-link-was-issued');

const linkGone = () =>
  new ApiError(410, 'LINK_EXPIRED', 'This download link has expired; request the audio again');

/** The job a token unlocks, or a 404 that is the same whether the token is malformed, unknown or wrong. */
async function authorisedJob(token: string, deps: ApiDeps): Promise<JobItem> {
  const parsed = parseDownloadToken(token);
  if (!parsed) throw notFound('No such download link');
  const job = await deps.jobs.get(parsed.jobId);
  const matches = secretMatches(parsed.secret, job?.link_hash ?? NO_LINK_HASH);
  if (!job?.link_hash || !matches) throw notFound('No such download link');
  return job;
}

async function objectExists(deps: ApiDeps, key: string): Promise<boolean> {
  try {
    await deps.s3.send(new HeadObjectCommand({ Bucket: deps.config.MEDIA_BUCKET, Key: key }));
    return true;
  } catch (error) {
    if (
      error instanceof NotFound ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    ) {
      return false;
    }
    throw error;
  }
}

export async function download(token: string, deps: ApiDeps): Promise<ApiResponse> {
  const job = await authorisedJob(token, deps);
  appendJobKeys({ jobId: job.job_id, videoId: job.video_id });
  const expiresAt = job.link_expires_at ? Date.parse(job.link_expires_at) : Number.NaN;
  // A missing or unreadable expiry fails closed.
  if (!(expiresAt > deps.now().getTime()) || !job.s3_key) throw linkGone();
  // Renditions are shared between jobs, so the lifecycle rule may have removed the file before this link expired.
  if (!(await objectExists(deps, job.s3_key))) throw linkGone();

  const disposition = attachmentDisposition(
    downloadFileName(job.video?.title, job.video?.author, FORMATS[job.format].ext),
  );
  const location = await getSignedUrl(
    deps.s3,
    new GetObjectCommand({
      Bucket: deps.config.MEDIA_BUCKET,
      Key: job.s3_key,
      ResponseContentDisposition: disposition,
      ResponseContentType: FORMATS[job.format].contentType,
    }),
    { expiresIn: deps.config.DOWNLOAD_URL_TTL_SECONDS },
  );
  return json(302, {}, { location });
}
