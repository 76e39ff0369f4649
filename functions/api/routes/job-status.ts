/** `GET /jobs/{jobId}`: what a requester may see of a job; never the email, the link or its hash. */
import { DEFAULT_AUDIO_OPTIONS, type AudioOptions } from '../../shared/contract/audio-options.js';
import type { JobItem } from '../../shared/tables/jobs.js';
import type { AudioFormat, JobStatus } from '../../shared/types.js';
import type { ApiDeps } from '../deps.js';
import { isJobId } from '../job-id.js';
import { json, notFound, type ApiResponse } from '../responses.js';

export interface JobStatusBody {
  jobId: string;
  status: JobStatus;
  format: AudioFormat;
  /** The audio options the job was made with (quality, trim in seconds, cover art). */
  options: AudioOptions;
  video?: { id: string; title: string; author: string; durationSeconds: number; thumbnailUrl?: string };
  /** Fraction of the audio extracted (0–1), only while EXTRACTING. */
  progress?: number;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

function clampFraction(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function publicOptions({ quality, startSeconds, endSeconds, coverArt }: AudioOptions): AudioOptions {
  return {
    ...(quality !== undefined ? { quality } : {}),
    ...(startSeconds !== undefined ? { startSeconds } : {}),
    ...(endSeconds !== undefined ? { endSeconds } : {}),
    coverArt,
  };
}

/** Builds the public view field by field, so a new column on the item is private until added here. */
export function toJobStatusBody(job: JobItem): JobStatusBody {
  const body: JobStatusBody = {
    jobId: job.job_id,
    status: job.status,
    format: job.format,
    options: publicOptions(job.options ?? DEFAULT_AUDIO_OPTIONS),
    createdAt: job.created_at,
    updatedAt: job.updated_at,
  };
  if (job.video) {
    const { id, title, author, durationSeconds, thumbnailUrl } = job.video;
    body.video = { id, title, author, durationSeconds };
    // Only an https image is passed on: the page loads it, and a page on https never loads http.
    if (thumbnailUrl?.startsWith('https://')) body.video.thumbnailUrl = thumbnailUrl;
  }
  if (job.status === 'EXTRACTING') body.progress = clampFraction(job.progress ?? 0);
  if (job.reason) body.reason = job.reason;
  return body;
}

export async function jobStatus(jobId: string, deps: ApiDeps): Promise<ApiResponse> {
  if (!isJobId(jobId)) throw notFound('No such job');
  const job = await deps.jobs.get(jobId);
  if (!job) throw notFound('No such job');
  return json(200, toJobStatusBody(job));
}
