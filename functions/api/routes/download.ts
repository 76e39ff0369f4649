/**
 * `GET /download/{token}`: checks an emailed link and redirects to a short-lived presigned S3 URL; a
 * browser opening the link (`Accept: text/html`) gets a page about the file with a download button instead.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { GetObjectCommand, HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { hashSecret, parseDownloadToken, secretMatches } from '../../shared/download-token.js';
import { appendJobKeys } from '../../shared/logger.js';
import type { JobItem } from '../../shared/tables/jobs.js';
import { FORMATS } from '../../shared/types.js';
import { attachmentDisposition, downloadFileName } from '../../shared/file-name.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, json, notFound, type ApiResponse } from '../responses.js';
import { downloadErrorPage, downloadPage } from '../web/download-page.js';
import { DOWNLOAD_PAGE_CSP, pageResponse, wantsHtml } from '../web/page-response.js';

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

/** The object's size, or undefined when it is gone. */
async function objectSize(deps: ApiDeps, key: string): Promise<number | undefined> {
  try {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.config.MEDIA_BUCKET, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if (
      error instanceof NotFound ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    ) {
      return undefined;
    }
    throw error;
  }
}

/** The job behind a valid, unexpired link whose file still exists, and that file's size. */
async function deliverable(
  token: string,
  deps: ApiDeps,
): Promise<{ job: JobItem; s3Key: string; bytes: number }> {
  const job = await authorisedJob(token, deps);
  appendJobKeys({ jobId: job.job_id, videoId: job.video_id });
  const expiresAt = job.link_expires_at ? Date.parse(job.link_expires_at) : Number.NaN;
  // A missing or unreadable expiry fails closed.
  if (!(expiresAt > deps.now().getTime()) || !job.s3_key) throw linkGone();
  // Renditions are shared between jobs, so the lifecycle rule may have removed the file before this link expired.
  const bytes = await objectSize(deps, job.s3_key);
  if (bytes === undefined) throw linkGone();
  return { job, s3Key: job.s3_key, bytes };
}

async function redirectToFile(job: JobItem, s3Key: string, deps: ApiDeps): Promise<ApiResponse> {
  const disposition = attachmentDisposition(
    downloadFileName(job.video?.title, job.video?.author, FORMATS[job.format].ext, job.options),
  );
  const location = await getSignedUrl(
    deps.s3,
    new GetObjectCommand({
      Bucket: deps.config.MEDIA_BUCKET,
      Key: s3Key,
      ResponseContentDisposition: disposition,
      ResponseContentType: FORMATS[job.format].contentType,
    }),
    { expiresIn: deps.config.DOWNLOAD_URL_TTL_SECONDS },
  );
  return json(302, {}, { location });
}

/** The HTML answer to a browser; a refused link is the same status with a page in plain words. */
async function downloadPageResponse(token: string, deps: ApiDeps): Promise<ApiResponse> {
  try {
    const { job, bytes } = await deliverable(token, deps);
    const file = {
      title: job.video?.title ?? 'Your audio',
      author: job.video?.author,
      format: job.format,
      bytes,
      options: job.options,
    };
    return pageResponse(200, 'html', downloadPage(file), { csp: DOWNLOAD_PAGE_CSP });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const heading = error.statusCode === 410 ? 'This link has expired' : 'This link does not work';
    return pageResponse(error.statusCode, 'html', downloadErrorPage(heading, error.message), {
      csp: DOWNLOAD_PAGE_CSP,
    });
  }
}

export async function download(
  token: string,
  deps: ApiDeps,
  event?: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters'>,
): Promise<ApiResponse> {
  // The page's own button asks for the file with `?download=1`; every other client keeps the redirect.
  const asPage = wantsHtml(event?.headers?.accept) && event?.queryStringParameters?.download !== '1';
  if (asPage) return downloadPageResponse(token, deps);
  const { job, s3Key } = await deliverable(token, deps);
  return redirectToFile(job, s3Key, deps);
}
