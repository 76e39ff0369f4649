/** The Notify and NotifyRejected tasks: checks the payload, sends the outcome email once, returns its record. */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { appendJobKeys, logger } from '../shared/logger.js';
import { flushMetrics } from '../shared/metrics.js';
import { AUDIO_FORMATS } from '../shared/types.js';
import { defaultNotifyDeps } from './deps.js';
import { createNotifier, type NotifyDeps, type NotifyResult, type NotifyTask } from './notify-job.js';
import { parseTaskInput } from '../shared/task-input.js';

const jobFields = {
  jobId: z.string().min(1),
  url: z.string().min(1),
  format: z.enum(AUDIO_FORMATS),
};

const notifyTaskSchema = z.discriminatedUnion('outcome', [
  z.object({
    ...jobFields,
    outcome: z.literal('DELIVERED'),
    video: z.object({
      videoId: z.string().min(1),
      title: z.string(),
      author: z.string(),
      durationSeconds: z.number().nonnegative(),
      thumbnailUrl: z.string().optional(),
      audioCodec: z.string().optional(),
      cached: z.boolean(),
    }),
    rendition: z
      .object({
        s3Key: z.string().min(1),
        bytes: z.number().nonnegative(),
        contentType: z.string().min(1),
        createdAt: z.string().min(1),
      })
      .optional(),
  }),
  z.object({
    ...jobFields,
    outcome: z.literal('REJECTED'),
    // Cause is whatever the Catch received; it is read defensively later.
    error: z.object({ Error: z.string().min(1), Cause: z.string().optional() }),
  }),
]);

/** The payload as a NotifyTask; a malformed one is a fault naming each bad field. */
export function parseNotifyTask(event: unknown): NotifyTask {
  return parseTaskInput(notifyTaskSchema, event, 'Invalid Notify input');
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
