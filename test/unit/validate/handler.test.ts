import { describe, expect, it } from 'vitest';
import { createValidateHandler } from '../../../functions/validate/handler.js';
import { capturedLogs } from '../notify/captured-logs.js';
import { REQUEST, VIDEO, validateWorld } from './validate-fixture.js';

describe('validate handler', () => {
  it('answers the video summary for a valid payload', async () => {
    const world = validateWorld();
    const handler = createValidateHandler(world.deps);

    await expect(handler(REQUEST)).resolves.toMatchObject({ videoId: VIDEO.id, cached: false });
  });

  it('refuses a malformed payload as InvalidTaskInput naming the field, before touching any table', async () => {
    const world = validateWorld();
    const handler = createValidateHandler(world.deps);

    await expect(handler({ jobId: 'job-1', url: REQUEST.url, format: 'wav' })).rejects.toMatchObject({
      name: 'InvalidTaskInput',
      message: expect.stringContaining('format'),
    });
    expect(world.ddbMock.calls()).toHaveLength(0);
  });

  it('logs with the job and video ids', async () => {
    const world = validateWorld();
    const handler = createValidateHandler(world.deps);

    const logs = await capturedLogs(() => handler(REQUEST));

    const accepted = logs.lines.find((line) => line.message === 'Video accepted');
    expect(accepted).toMatchObject({ jobId: 'job-1', videoId: VIDEO.id });
  });
});
