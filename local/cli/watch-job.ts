/**
 * Follows one job as a client would: its status from `GET /jobs/{id}` and the steps of its execution
 * from the Step Functions history, reported as they happen, until the job reaches a final status.
 */
import {
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { JobStatusBody } from '../../functions/api/routes/job-status.js';

export type StepEvent =
  | { kind: 'entered'; state: string }
  | { kind: 'exited'; state: string; output: unknown }
  | { kind: 'failed'; state: string; error: string }
  | { kind: 'retrying'; state: string };

const FINAL = new Set(['DELIVERED', 'REJECTED', 'FAILED']);

export async function getJob(apiUrl: string, jobId: string): Promise<JobStatusBody> {
  const response = await fetch(`${apiUrl}/jobs/${encodeURIComponent(jobId)}`);
  if (!response.ok) throw new Error(`GET /jobs/${jobId} answered ${response.status}`);
  return (await response.json()) as JobStatusBody;
}

function parse(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** The step events one history event stands for; `current` is the Task state last entered. */
export function stepEventsOf(
  event: HistoryEvent,
  current: string | undefined,
  afterFailure: boolean,
): StepEvent[] {
  switch (event.type) {
    case 'TaskStateEntered':
      return [{ kind: 'entered', state: event.stateEnteredEventDetails!.name! }];
    case 'TaskStateExited':
      return [
        {
          kind: 'exited',
          state: event.stateExitedEventDetails!.name!,
          output: parse(event.stateExitedEventDetails!.output),
        },
      ];
    case 'TaskFailed':
      return current
        ? [{ kind: 'failed', state: current, error: event.taskFailedEventDetails?.error ?? 'Error' }]
        : [];
    case 'TaskScheduled':
      return current && afterFailure ? [{ kind: 'retrying', state: current }] : [];
    default:
      return [];
  }
}

export async function watchJob(options: {
  apiUrl: string;
  sfn: SFNClient;
  executionArn: string;
  jobId: string;
  onStep: (step: StepEvent) => void;
  pollMs?: number;
}): Promise<JobStatusBody> {
  let seen = 0;
  let current: string | undefined;
  let afterFailure = false;
  for (;;) {
    const job = await getJob(options.apiUrl, options.jobId);
    let events: HistoryEvent[] = [];
    try {
      events =
        (
          await options.sfn.send(
            new GetExecutionHistoryCommand({ executionArn: options.executionArn, maxResults: 1000 }),
          )
        ).events ?? [];
    } catch (error) {
      // The execution starts once the starter has taken the message off the queue.
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
    for (const event of events.slice(seen)) {
      for (const step of stepEventsOf(event, current, afterFailure)) options.onStep(step);
      if (event.type === 'TaskStateEntered') current = event.stateEnteredEventDetails?.name;
      if (event.type === 'TaskFailed') afterFailure = true;
      if (event.type === 'TaskScheduled' || event.type === 'TaskStateEntered') afterFailure = false;
    }
    seen = Math.max(seen, events.length);
    if (FINAL.has(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}
