/** The failure handler: EventBridge "Execution Status Change" events for FAILED, TIMED_OUT and ABORTED executions. */
import { lambdaHandler } from '../shared/handler.js';
import { appendJobKeys, logger } from '../shared/logger.js';
import { defaultFailedDeps } from './deps.js';
import { recordFailure, type FailedDeps, type FailureOutcome } from './record-failure.js';
import { isFailure, parseStatusChange } from './status-change.js';

export type FailedHandlerResult = FailureOutcome | { action: 'ignored'; jobId: string; status: string };

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createFailedHandler(deps: FailedDeps | (() => FailedDeps)) {
  let resolved: FailedDeps | undefined;
  return lambdaHandler(async (event: unknown): Promise<FailedHandlerResult> => {
    const change = parseStatusChange(event);
    appendJobKeys({ jobId: change.jobId });
    const { status } = change;
    if (!isFailure(status)) {
      // The rule should only send failures; anything else is logged and left alone.
      logger.info('Ignoring an execution status that is not a failure', { status });
      return { action: 'ignored', jobId: change.jobId, status };
    }
    logger.error('Execution did not succeed', {
      status,
      executionArn: change.executionArn,
      failedState: change.failedState ?? 'unknown',
      error: change.error,
      cause: change.cause,
    });
    resolved ??= typeof deps === 'function' ? deps() : deps;
    const outcome = await recordFailure({ ...change, status }, resolved);
    logger.info('Failure recorded', { action: outcome.action });
    return outcome;
  });
}

/** Clients are created on the first invocation, so importing this module needs no environment. */
export const handler = createFailedHandler(defaultFailedDeps);
