/** The Notify and NotifyRejected tasks: checks the payload, sends the outcome email once, returns its record. */
import { notifyInputSchema, type NotifyInput } from '../shared/contract/tasks.js';
import { taskHandler } from '../shared/handler.js';
import { logger } from '../shared/logger.js';
import { parseTaskInput } from '../shared/task-input.js';
import { defaultNotifyDeps } from './deps.js';
import { createNotifier, type NotifyDeps, type NotifyResult, type NotifyTask } from './notify-job.js';

const contract = {
  schema: notifyInputSchema,
  invalid: 'Invalid Notify input',
  jobKeys: (task: NotifyInput) => ({
    jobId: task.jobId,
    videoId: task.outcome === 'DELIVERED' ? task.video.videoId : undefined,
  }),
};

/** The payload as a NotifyTask; a malformed one is a fault naming each bad field. */
export function parseNotifyTask(event: unknown): NotifyTask {
  return parseTaskInput(contract.schema, event, contract.invalid);
}

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createNotifyHandler(deps: NotifyDeps | (() => NotifyDeps)) {
  let notify: ReturnType<typeof createNotifier> | undefined;
  return taskHandler(contract, async (task, context): Promise<NotifyResult> => {
    notify ??= createNotifier(typeof deps === 'function' ? deps() : deps);
    logger.info('Notifying the requester', {
      outcome: task.outcome,
      ...(task.outcome === 'REJECTED' ? { rejection: task.error.Error } : {}),
    });
    try {
      const result = await notify(task, context);
      logger.info('Requester notified', { status: result.status, messageId: result.messageId });
      return result;
    } catch (error) {
      logger.error('Notification failed', { error: error as Error });
      throw error;
    }
  });
}

/** Clients are created on the first invocation, so importing this module needs no environment. */
export const handler = createNotifyHandler(defaultNotifyDeps);
