/**
 * At most one email per job: Powertools idempotency keyed on `jobId`, so a Lambda retry,
 * a Step Functions retry, a redrive or a replayed input answers the stored result and sends nothing.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { NotificationInProgress } from '../shared/errors.js';
import type { NotifyOutput as NotifyResult } from '../shared/contract/tasks.js';

/** As long as a job item lives (JOB_TTL_DAYS default), so a replay of any live job stays silent. */
export const RESULT_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Stable across function names and stacks, so the key is the job and nothing else. */
const KEY_PREFIX = 'notify';

export interface JobIdempotency {
  persistenceStore: BasePersistenceLayer;
  expiresAfterSeconds?: number;
}

/**
 * Wraps `notify` so it runs once per jobId. The Lambda context gives the in-progress record an expiry
 * at the invocation's timeout, so a crashed run does not block its retries until the TTL.
 */
export function oncePerJob<R extends { jobId: string }>(
  options: JobIdempotency,
  notify: (request: R) => Promise<NotifyResult>,
): (request: R, context?: Context) => Promise<NotifyResult> {
  return async (request, context) => {
    // A config per call: concurrent invocations in one process (the local stack) must not share a context.
    const config = new IdempotencyConfig({
      expiresAfterSeconds: options.expiresAfterSeconds ?? RESULT_TTL_SECONDS,
    });
    if (context) config.registerLambdaContext(context);
    // The request rides along as a second argument; only the first (the key payload) is hashed.
    const run = makeIdempotent((_key: { jobId: string }, body: { jobId: string }) => notify(body as R), {
      persistenceStore: options.persistenceStore,
      config,
      keyPrefix: KEY_PREFIX,
      dataIndexArgument: 0,
    });
    try {
      return await run({ jobId: request.jobId }, request);
    } catch (error) {
      // A named, transient error the state machine's Retry waits out (e.g. after a Lambda timeout mid-send).
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new NotificationInProgress(
          `The email for job ${request.jobId} is being sent by another invocation`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  };
}
