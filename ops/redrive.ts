/** `ops redrive <jobId>`: Step Functions restarts the failed execution at the state that failed. */
import { ExecutionNotRedrivable, RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { NotFound, OperationRefused } from './errors.js';
import { describeExecution, latestState, type SfnDeps } from './execution.js';

export interface RedriveResult {
  jobId: string;
  executionArn: string;
  /** The state the execution failed at, where it starts again. */
  fromState?: string;
  redriveDate: string;
}

export async function redriveJob(deps: SfnDeps, jobId: string): Promise<RedriveResult> {
  const described = await describeExecution(deps, jobId);
  if (!described?.executionArn) throw new NotFound(`No execution named ${jobId}`);
  const { executionArn } = described;
  const { state } = await latestState(deps, executionArn);
  try {
    const { redriveDate } = await deps.sfn.send(new RedriveExecutionCommand({ executionArn }));
    return {
      jobId,
      executionArn,
      ...(state ? { fromState: state } : {}),
      redriveDate: (redriveDate ?? new Date()).toISOString(),
    };
  } catch (error) {
    if (error instanceof ExecutionNotRedrivable) {
      throw new OperationRefused(
        `Execution ${jobId} is ${described.status} and cannot be redriven: only a FAILED, TIMED_OUT or ` +
          `ABORTED execution is (within 14 days of its start). Use "replay" to run the job again.`,
      );
    }
    throw error;
  }
}
