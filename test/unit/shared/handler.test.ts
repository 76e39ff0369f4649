import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { lambdaHandler, taskHandler } from '../../../functions/shared/handler.js';
import { logger } from '../../../functions/shared/logger.js';
import { countJob, metrics } from '../../../functions/shared/metrics.js';
import { capturedLogs } from '../notify/captured-logs.js';

const context = { functionName: 'audio-sync-notify', awsRequestId: 'request-7' } as Context;
const contract = {
  schema: z.object({ jobId: z.string().min(1), videoId: z.string() }),
  invalid: 'Invalid Probe input',
  jobKeys: ({ jobId, videoId }: { jobId: string; videoId: string }) => ({ jobId, videoId }),
};

afterEach(() => vi.restoreAllMocks());

describe('the handler wrapper', () => {
  it('puts the Lambda context and the job keys on every line, and drops the keys afterwards', async () => {
    const handler = taskHandler(contract, async () => logger.info('working'));
    const after = lambdaHandler(async () => logger.info('next request'));

    const logs = await capturedLogs(async () => {
      await handler({ jobId: 'job-1', videoId: 'v1' }, context);
      await after({}, context);
    });

    expect(logs.lines.find((line) => line.message === 'working')).toMatchObject({
      function_name: 'audio-sync-notify',
      function_request_id: 'request-7',
      jobId: 'job-1',
      videoId: 'v1',
    });
    const next = logs.lines.find((line) => line.message === 'next request');
    expect(next).toBeDefined();
    expect(next).not.toHaveProperty('jobId');
  });

  it('refuses a malformed payload as InvalidTaskInput naming the field, without running the handler', async () => {
    const run = vi.fn(async () => 'ran');
    const handler = taskHandler(contract, run);

    await expect(handler({ jobId: '', videoId: 'v1' }, context)).rejects.toMatchObject({
      name: 'InvalidTaskInput',
      message: expect.stringMatching(/^Invalid Probe input: jobId: /),
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('flushes the metrics recorded, when the handler throws too, and nothing when none were', async () => {
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const failing = lambdaHandler(async () => {
      countJob('JobsFailed');
      throw new Error('boom');
    });
    const quiet = lambdaHandler(async () => 'nothing recorded');

    await expect(failing({}, context)).rejects.toThrow('boom');
    expect(publish).toHaveBeenCalledTimes(1);
    metrics.clearMetrics();
    await quiet({}, context);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('hands the handler no context when the caller gave none', async () => {
    const handler = lambdaHandler(async (_event: unknown, given: Context | undefined) => given);

    await expect(handler({})).resolves.toBeUndefined();
    await expect(handler({}, context)).resolves.toBe(context);
  });
});
