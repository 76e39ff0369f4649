/** Billed Step Functions state transitions, counted from an execution history. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** USD per state transition, Standard workflows (us-east-1 list price). */
export const USD_PER_TRANSITION = 0.000025;

/**
 * Every state entered is one transition, and so is every retry of a Task (AWS bills retries as
 * transitions): a retry shows as a further TaskScheduled within the same state.
 */
export function stateTransitions(events: HistoryEvent[]): number {
  const entered = events.filter((event) => event.type?.endsWith('StateEntered')).length;
  const tasksEntered = events.filter((event) => event.type === 'TaskStateEntered').length;
  const scheduled = events.filter((event) => event.type === 'TaskScheduled').length;
  return entered + Math.max(0, scheduled - tasksEntered);
}

/** Seconds between a Task state's entry and exit (its last attempt's end), or undefined if it never ran. */
export function stateSeconds(events: HistoryEvent[], stateName: string): number | undefined {
  const entered = events.find(
    (event) => event.type === 'TaskStateEntered' && event.stateEnteredEventDetails?.name === stateName,
  );
  const exited = events.find(
    (event) => event.type === 'TaskStateExited' && event.stateExitedEventDetails?.name === stateName,
  );
  if (!entered?.timestamp || !exited?.timestamp) return undefined;
  return (exited.timestamp.getTime() - entered.timestamp.getTime()) / 1000;
}
