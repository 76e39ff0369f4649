/** The Notify and NotifyRejected tasks: checks the payload, sends the outcome email once, returns its record. */
import type { Context } from 'aws-lambda';
import { appendJobKeys, logger } from '../shared/logger.js';
import { flushMetrics } from '../shared/metrics.js';
import { notifyInputSchema } from '../shared/contract/tasks.js';
import { defaultNotifyDeps } from './deps.js';
import { createNotifier, type NotifyDeps, type NotifyResult, type NotifyTask } from './notify-job.js';
import { parseTaskInput } from '../shared/task-input.js';

/** The payload as a NotifyTask; a malformed one is a fault naming each bad field. */
export function parseNotifyTask(event: unknown): NotifyTask {
  return parseTaskInput(notifyInputSchema, event, 'Invalid Notify input');
}

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createNotifyHandler(deps: NotifyDeps | (() => NotifyDeps)) {
  let notify: ReturnType<typeof createNotifier> | undefined;
  return async (event: unknown, context?: Context): Promise<NotifyResult> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    const task = parseNotifyTask(event);
    appendJobKeys({
      jobId: task.jobId,
      videoId: task.outcome === 'DELIVERED' ? task.video.videoId : undefined,
    });
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
    } finally {
      flushMetrics();
    }
  };
}

/** Clients are created on the first invocation, so importing this module needs no environment. */
export const handler = createNotifyHandler(defaultNotifyDeps);
