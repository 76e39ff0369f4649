/** `GET /jobs/{jobId}`: what a requester may see of a job; never the email, the link or its hash. */
import type { JobItem } from '../../shared/tables/jobs.js';
import type { AudioFormat, JobStatus } from '../../shared/types.js';
import type { ApiDeps } from '../deps.js';
import { isJobId } from '../job-id.js';
import { json, notFound, type ApiResponse } from '../responses.js';

export interface JobStatusBody {
  jobId: string;
  status: JobStatus;
  format: AudioFormat;
  video?: { id: string; title: string; author: string; durationSeconds: number };
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

/** Builds the public view field by field, so a new column on the item is private until added here. */
export function toJobStatusBody(job: JobItem): JobStatusBody {
  const body: JobStatusBody = {
    jobId: job.job_id,
    status: job.status,
    format: job.format,
    createdAt: job.created_at,
    updatedAt: job.updated_at,
  };
  if (job.video) {
    const { id, title, author, durationSeconds } = job.video;
    body.video = { id, title, author, durationSeconds };
  }
  if (job.reason) body.reason = job.reason;
  return body;
}

export async function jobStatus(jobId: string, deps: ApiDeps): Promise<ApiResponse> {
  if (!isJobId(jobId)) throw notFound('No such job');
  const job = await deps.jobs.get(jobId);
  if (!job) throw notFound('No such job');
  return json(200, toJobStatusBody(job));
}
