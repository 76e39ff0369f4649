/** `ops show <jobId>`: the job (email masked), its execution's status, the state it is at and its last error. */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { maskEmail } from '../functions/shared/logger.js';
import type { JobItem } from '../functions/shared/tables/jobs.js';
import { NotFound } from './errors.js';
import { executionReport, type ExecutionReport, type SfnDeps } from './execution.js';

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
}

export async function readJob(deps: Omit<ShowDeps, 'sfn' | 'stateMachineArn'>, jobId: string) {
  const { Item } = await deps.documents.send(
    new GetCommand({ TableName: deps.jobsTable, Key: { job_id: jobId }, ConsistentRead: true }),
  );
  return Item as JobItem | undefined;
}

export async function showJob(deps: ShowDeps, jobId: string): Promise<JobReport> {
  const [item, execution] = await Promise.all([readJob(deps, jobId), executionReport(deps, jobId)]);
  if (!item && !execution) throw new NotFound(`No job and no execution named ${jobId}`);
  let job: JobDetails | undefined;
  if (item) {
    const { email, link_hash: _hash, ...rest } = item;
    job = { ...rest, email: maskEmail(email) };
  }
  return { jobId, ...(job ? { job } : {}), ...(execution ? { execution } : {}) };
}
