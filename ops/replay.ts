/**
 * `ops replay <jobId>`: a new execution with the original input, named `<jobId>-replay-<n>`. Notify is
 * idempotent on the jobId, so replaying a job that was already emailed sends no second email.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobStatus } from '../functions/shared/types.js';
import { NotFound, OperationRefused } from './errors.js';
import { describeExecution, type SfnDeps } from './execution.js';
import { MAX_REPLAYS, replayName } from './replay-names.js';
import { readJob } from './show.js';

export interface ReplayDeps extends SfnDeps {
  documents: Pick<DynamoDBDocumentClient, 'send'>;
  jobsTable: string;
}

export interface ReplayResult {
  jobId: string;
  executionArn: string;
  name: string;
  /** The job's status before the replay. */
  jobStatus?: JobStatus;
  /** True when the requester was already emailed: this replay's Notify answers from its idempotency record. */
  emailAlreadySent: boolean;
}

/** The first unused replay name (describing, not starting: a same-name start of a running execution is a no-op). */
async function nextReplayName(deps: SfnDeps, jobId: string): Promise<string> {
  for (let n = 1; n <= MAX_REPLAYS; n++) {
    const name = replayName(jobId, n);
    if (!(await describeExecution(deps, name))) return name;
  }
  throw new OperationRefused(`Job ${jobId} was already replayed ${MAX_REPLAYS} times`);
}

export async function replayJob(deps: ReplayDeps, jobId: string): Promise<ReplayResult> {
  const original = await describeExecution(deps, jobId);
  if (!original) throw new NotFound(`No execution named ${jobId} to replay`);
  if (original.input === undefined) {
    throw new OperationRefused(`Execution ${jobId} has no input to replay (it may be too large to read)`);
  }
  const job = await readJob(deps, jobId);
  const name = await nextReplayName(deps, jobId);
  const started = await deps.sfn.send(
    new StartExecutionCommand({ stateMachineArn: deps.stateMachineArn, name, input: original.input }),
  );
  return {
    jobId,
    executionArn: started.executionArn!,
    name,
    ...(job ? { jobStatus: job.status } : {}),
    emailAlreadySent: job?.status === 'DELIVERED' || job?.status === 'REJECTED',
  };
}
