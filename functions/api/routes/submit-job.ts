/** `POST /jobs`: validates the request, records the job as QUEUED and enqueues it; the email never leaves the table. */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { InvalidSource } from '../../shared/errors.js';
import { appendJobKeys, logger } from '../../shared/logger.js';
import { countJob } from '../../shared/metrics.js';
import { parseSourceUrl, type ParsedSourceUrl } from '../../shared/media/source-url.js';
import type { AudioOptions } from '../../shared/contract/audio-options.js';
import type { JobRequest } from '../../shared/types.js';
import type { ApiConfig, ApiDeps } from '../deps.js';
import { createJob } from '../create-job.js';
import { admitJob } from '../rate-limit.js';
import { header, readJsonBody } from '../read-json-body.js';
import { parseIdempotencyKey, parseSubmitJobBody, type SubmitJobBody } from '../request-schema.js';
import { ApiError, json, type ApiResponse } from '../responses.js';

function parseSource(url: string, config: ApiConfig): ParsedSourceUrl {
  try {
    return parseSourceUrl(url, {
      allowFile: config.ALLOW_FILE_SOURCES,
      allowPrivate: config.ALLOW_PRIVATE_SOURCES,
      kinds: config.SOURCE_KINDS,
    });
  } catch (error) {
    if (error instanceof InvalidSource) throw new ApiError(400, 'UNSUPPORTED_SOURCE', error.message, 'url');
    throw error;
  }
}

/**
 * The IAM caller when `POST /jobs` is SigV4-authorised (apiAuth=iam), else the connecting address. An
 * assumed role counts as one client whatever its session name, so rotating sessions buys no new limit.
 */
export function clientIdOf(event: APIGatewayProxyEventV2): string {
  const context = event.requestContext as Partial<
    APIGatewayProxyEventV2WithIAMAuthorizer['requestContext']
  > & { http?: { sourceIp?: string } };
  const caller = context.authorizer?.iam?.userArn;
  if (!caller) return `ip:${context.http?.sourceIp ?? 'unknown'}`;
  return `iam:${caller.replace(/^(arn:[^:]+:sts::\d+:assumed-role\/[^/]+)\/.*$/, '$1')}`;
}

export function statusUrl(publicApiUrl: string, jobId: string): string {
  const base = publicApiUrl.endsWith('/') ? publicApiUrl : `${publicApiUrl}/`;
  return new URL(`jobs/${encodeURIComponent(jobId)}`, base).href;
}

/** The options a job is made with: the body's, with a YouTube link's `t=` as the start when the body names none. */
function optionsOf(body: SubmitJobBody, source: ParsedSourceUrl): AudioOptions {
  const startSeconds = body.start ?? source.startSeconds;
  if (body.end !== undefined && startSeconds !== undefined && body.end <= startSeconds) {
    const message = `The end must be after the start (${startSeconds} s, from the link's t= parameter)`;
    throw new ApiError(400, 'INVALID_TRIM', message, 'end');
  }
  return {
    ...(body.quality !== undefined ? { quality: body.quality } : {}),
    ...(startSeconds ? { startSeconds } : {}),
    ...(body.end !== undefined ? { endSeconds: body.end } : {}),
    coverArt: body.coverArt,
  };
}

async function enqueue(deps: ApiDeps, request: JobRequest): Promise<void> {
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.config.JOBS_QUEUE_URL,
      MessageBody: JSON.stringify(request),
      // One group per job: jobs never wait on each other, and a retried send is deduplicated by id.
      MessageGroupId: request.jobId,
      MessageDeduplicationId: request.jobId,
    }),
  );
}

export async function submitJob(event: APIGatewayProxyEventV2, deps: ApiDeps): Promise<ApiResponse> {
  const body = parseSubmitJobBody(readJsonBody(event));
  const idempotencyKey = parseIdempotencyKey(header(event, 'idempotency-key'));
  const source = parseSource(body.url, deps.config);
  const options = optionsOf(body, source);
  if (await deps.suppression.isSuppressed(body.email)) {
    throw new ApiError(
      400,
      'RECIPIENT_SUPPRESSED',
      'This address bounced, complained or unsubscribed, so we no longer send it email; use another address',
      'email',
    );
  }
  const clientId = clientIdOf(event);
  const { created, job } = await createJob(
    deps,
    { source_url: source.url, email: body.email, format: body.format, options },
    { idempotencyKey, clientId },
    () => admitJob(deps, body.email, clientId),
  );
  const jobId = job.job_id;
  appendJobKeys({ jobId, videoId: source.videoId });
  // A replay re-sends while the job is still QUEUED: that heals a first attempt that failed between write and send.
  if (created || job.status === 'QUEUED')
    await enqueue(deps, { jobId, url: job.source_url, format: job.format, options: job.options ?? options });
  if (created) countJob('JobsSubmitted');

  logger.info('Job accepted', { format: body.format, options, sourceKind: source.kind, replayed: !created });
  const url = statusUrl(deps.config.PUBLIC_API_URL, jobId);
  return json(
    202,
    { jobId, status: job.status, statusUrl: url },
    { location: url, ...(created ? {} : { 'idempotent-replayed': 'true' }) },
  );
}
