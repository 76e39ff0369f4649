import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import type { LocalStack } from '../../local/index.js';
import {
  cutOffMidStream,
  downloadLink,
  executionArnOf,
  executionHistory,
  startTestStack,
  statesEntered,
  submitJob,
  waitForEmail,
  waitForJob,
} from './local-stack-helpers.js';

describe('a source that breaks off mid-stream', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let sfn: SFNClient;
  let faulty = true;

  beforeAll(async () => {
    stack = await startTestStack();
    sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
    media = await startMediaServer();
    const clip = await generateClip({
      seconds: 4,
      directory: tempDirectory(),
      title: 'Flaky',
      artist: 'Network',
    });
    media.route(
      '/flaky.m4a',
      cutOffMidStream(clip, 'audio/mp4', () => faulty),
    );
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await stack?.stop();
  });

  it('fails the execution at Extract with the failure email, and a redrive after the fix delivers it', async () => {
    const jobId = await submitJob(stack, { url: media.url('/flaky.m4a'), email: 'patient@example.com' });
    const failed = await waitForJob(stack, jobId, ['DELIVERED', 'REJECTED', 'FAILED']);
    expect(failed.status).toBe('FAILED');
    await waitForEmail(stack, 'patient@example.com', /could not finish/i);
    const executionArn = executionArnOf(stack, jobId);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      status: 'FAILED',
      error: 'SourceUnreachable',
      redriveStatus: 'REDRIVABLE',
    });
    expect(statesEntered(await executionHistory(sfn, stack, jobId)).at(-1)).toBe('Extract');

    faulty = false;
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const delivered = await waitForJob(stack, jobId, ['DELIVERED']);
    expect(delivered.status).toBe('DELIVERED');
    const email = await waitForEmail(stack, 'patient@example.com', /ready/i);
    const download = await fetch(downloadLink(stack, email));
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(statesEntered(await executionHistory(sfn, stack, jobId))).toEqual([
      'Validate',
      'IsCached',
      'Extract',
      'Extract',
      'Notify',
      'Delivered',
    ]);
  });
});
