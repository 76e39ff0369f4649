import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  generateClip,
  probeDuration,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../support/media.js';
import type { LocalStack } from '../../local/index.js';
import {
  downloadLink,
  executionHistory,
  startTestStack,
  statesEntered,
  submitJob,
  waitForEmail,
  waitForJob,
} from './local-stack-helpers.js';

const CLIP_SECONDS = 3;

describe('the local stack delivers a requested clip by email', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let sfn: SFNClient;
  const directory = tempDirectory();

  beforeAll(async () => {
    stack = await startTestStack();
    sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
    media = await startMediaServer();
    media.serveFile(
      '/tone.m4a',
      await generateClip({ seconds: CLIP_SECONDS, directory, title: 'Tone', artist: 'Tester' }),
      'audio/mp4',
    );
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await stack?.stop();
  });

  async function deliver(format: string, email: string) {
    const jobId = await submitJob(stack, { url: media.url('/tone.m4a'), email, format });
    const job = await waitForJob(stack, jobId, ['DELIVERED', 'REJECTED', 'FAILED']);
    return { jobId, job };
  }

  it.each(['mp3', 'm4a', 'opus'])(
    'emails a link that downloads the clip as %s, and the job reads DELIVERED',
    async (format) => {
      const email = `listener-${format}@example.com`;
      const { job } = await deliver(format, email);
      expect(job).toMatchObject({ status: 'DELIVERED', video: { title: 'Tone', author: 'Tester' } });

      const message = await waitForEmail(stack, email, /ready/i);
      const response = await fetch(downloadLink(stack, message), { redirect: 'follow' });
      expect(response.status).toBe(200);
      const saved = join(directory, `downloaded.${format}`);
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(saved));
      expect(Math.abs((await probeDuration(saved)) - CLIP_SECONDS)).toBeLessThanOrEqual(0.5);
    },
  );

  it('serves a second request for the same URL and format from the cache, without extracting again', async () => {
    const first = await deliver('mp3', 'first@example.com');
    const second = await deliver('mp3', 'second@example.com');
    expect(second.job.status).toBe('DELIVERED');
    expect(statesEntered(await executionHistory(sfn, stack, second.jobId))).toEqual([
      'Validate',
      'IsCached',
      'Notify',
      'Delivered',
    ]);
    expect(first.job.video?.id).toBe(second.job.video?.id);
    await waitForEmail(stack, 'second@example.com', /ready/i);
  });
});
