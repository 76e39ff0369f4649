/** `ops jobs`: the jobs table scanned for a status and a time window, newest first, never with the email. */
import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { JobItem } from '../functions/shared/tables/jobs.js';
import { JOB_STATUSES, type AudioFormat, type JobStatus } from '../functions/shared/types.js';
import { UsageError } from './errors.js';

export interface JobSummary {
  jobId: string;
  status: JobStatus;
  format: AudioFormat;
  title?: string;
  videoId?: string;
  created: string;
  updated: string;
  reason?: string;
}

export interface JobsDeps {
  documents: Pick<DynamoDBDocumentClient, 'send'>;
  jobsTable: string;
}

export interface JobsFilter {
  status?: JobStatus;
  /** Jobs updated at or after this time. */
  since?: Date;
}

// The email is left in the table: it is not projected, so it never reaches the operator's terminal.
const PROJECTED = ['job_id', 'status', 'format', 'video', 'video_id', 'created_at', 'updated_at', 'reason'];

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `1h`, `30m`, `2d` before `now`, or an ISO date/time. */
export function parseSince(text: string, now: Date): Date {
  const relative = /^(\d+)([mhd])$/.exec(text.trim());
  if (relative) {
    const unit = relative[2] as keyof typeof UNITS_MS;
    return new Date(now.getTime() - Number(relative[1]) * UNITS_MS[unit]);
  }
  const date = new Date(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(date.getTime())) return date;
  throw new UsageError(
    `--since must be an ISO date (2030-05-01, 2030-05-01T12:00Z) or 30m, 1h, 2d (got "${text}")`,
  );
}

export function parseStatus(text: string): JobStatus {
  const status = text.trim().toUpperCase();
  if ((JOB_STATUSES as readonly string[]).includes(status)) return status as JobStatus;
  throw new UsageError(`--status must be one of ${JOB_STATUSES.join(', ')} (got "${text}")`);
}

function scanInput(deps: JobsDeps, filter: JobsFilter): ScanCommandInput {
  const names: Record<string, string> = Object.fromEntries(PROJECTED.map((field) => [`#${field}`, field]));
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  if (filter.status) {
    conditions.push('#status = :status');
    values[':status'] = filter.status;
  }
  if (filter.since) {
    // ISO timestamps in UTC sort as strings.
    conditions.push('#updated_at >= :since');
    values[':since'] = filter.since.toISOString();
  }
  return {
    TableName: deps.jobsTable,
    ProjectionExpression: PROJECTED.map((field) => `#${field}`).join(', '),
    ExpressionAttributeNames: names,
    ...(conditions.length
      ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeValues: values }
      : {}),
  };
}

function toSummary(item: Omit<JobItem, 'email'>): JobSummary {
  return {
    jobId: item.job_id,
    status: item.status,
    format: item.format,
    ...(item.video?.title ? { title: item.video.title } : {}),
    ...(item.video_id ? { videoId: item.video_id } : {}),
    created: item.created_at,
    updated: item.updated_at,
    ...(item.reason ? { reason: item.reason } : {}),
  };
}

/** Every matching job, most recently updated first (a scan: fine for an operator, not for a request path). */
export async function listJobs(deps: JobsDeps, filter: JobsFilter = {}): Promise<JobSummary[]> {
  const input = scanInput(deps, filter);
  const jobs: JobSummary[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.documents.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey }));
    jobs.push(...(page.Items ?? []).map((item) => toSummary(item as JobItem)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return jobs.sort((a, b) => b.updated.localeCompare(a.updated));
}
