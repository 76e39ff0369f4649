/**
 * `ops show <jobId>`: the job (email masked), its execution and every `<jobId>-replay-<n>`: status, the
 * state each is at or failed at, its last error and what to do about it.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { maskEmail } from '../functions/shared/logger.js';
import type { JobItem } from '../functions/shared/tables/jobs.js';
import { NotFound } from './errors.js';
import { executionReport, type ExecutionReport, type SfnDeps } from './execution.js';
import { hintFor } from './hints.js';
import { MAX_REPLAYS, replayName } from './replay-names.js';

export interface ShowDeps extends SfnDeps {
  documents: Pick<DynamoDBDocumentClient, 'send'>;
  jobsTable: string;
}

export type JobDetails = Omit<JobItem, 'email' | 'link_hash'> & { email: string };

export interface JobReport {
  jobId: string;
  /** The job item, the email masked and the link hash left out; undefined once the item expired. */
  job?: JobDetails;
  /** Undefined when no execution was started (the message may be in the DLQ). */
  execution?: ExecutionReport;
  /** The job's replays, oldest first; absent when it was never replayed. */
  replays?: ExecutionReport[];
}

export async function readJob(deps: Omit<ShowDeps, 'sfn' | 'stateMachineArn'>, jobId: string) {
  const { Item } = await deps.documents.send(
    new GetCommand({ TableName: deps.jobsTable, Key: { job_id: jobId }, ConsistentRead: true }),
  );
  return Item as JobItem | undefined;
}

function withHint(report: ExecutionReport): ExecutionReport {
  const hint = hintFor(report);
  return hint ? { ...report, hint } : report;
}

/** `<jobId>-replay-1`, `-2`, … up to the first name no execution has. */
async function replayReports(deps: SfnDeps, jobId: string): Promise<ExecutionReport[]> {
  const replays: ExecutionReport[] = [];
  for (let n = 1; n <= MAX_REPLAYS; n++) {
    const report = await executionReport(deps, replayName(jobId, n));
    if (!report) break;
    replays.push(withHint(report));
  }
  return replays;
}

export async function showJob(deps: ShowDeps, jobId: string): Promise<JobReport> {
  const [item, execution, replays] = await Promise.all([
    readJob(deps, jobId),
    executionReport(deps, jobId),
    replayReports(deps, jobId),
  ]);
  if (!item && !execution) throw new NotFound(`No job and no execution named ${jobId}`);
  let job: JobDetails | undefined;
  if (item) {
    const { email, link_hash: _hash, ...rest } = item;
    job = { ...rest, email: maskEmail(email) };
  }
  return {
    jobId,
    ...(job ? { job } : {}),
    ...(execution ? { execution: withHint(execution) } : {}),
    ...(replays.length ? { replays } : {}),
  };
}
