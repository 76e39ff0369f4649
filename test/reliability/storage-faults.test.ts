// A 7-minute source makes ~10 MB of 192k mp3: over lib-storage's 8 MiB part, so a real multipart upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SFNClient } from '@aws-sdk/client-sfn';
import { s3Client } from '../../functions/shared/aws.js';
import {
  generateClip,
  probeDuration,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../support/media.js';
import { failCalls, recordCalls, WIRE_ANSWERS } from '../support/faults.js';
import {
  downloadLink,
  executionHistory,
  submitJob,
  waitForEmail,
  waitForJob,
} from '../e2e/local-stack-helpers.js';
import {
  expectStorageConsistent,
  startFaultStack,
  subjectsTo,
  taskAttempts,
  taskErrors,
  type FaultStack,
} from './fault-stack.js';

const SECONDS = 420;
// The SDK's standard retry strategy makes 3 attempts per part.
const SDK_ATTEMPTS = 3;

describe('S3 failing during the multipart upload of a rendition', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;
  const directory = tempDirectory();

  beforeAll(async () => {
    faultStack = await startFaultStack();
    sfn = new SFNClient({ endpoint: faultStack.stack.stepFunctionsUrl });
    media = await startMediaServer();
    media.serveFile(
      '/lecture.m4a',
      await generateClip({ seconds: SECONDS, directory, title: 'Lecture', artist: 'Professor' }),
      'audio/mp4',
    );
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  it('aborts the failed upload, retries Extract on StorageUnavailable and delivers the whole file once', async () => {
    const { stack } = faultStack;
    const s3 = s3Client();
    // Part 1 answers 500 and 503 until the SDK gives up on it; the step's retry then finds S3 healthy.
    const outage = failCalls(s3, {
      command: 'UploadPartCommand',
      when: (input) => input.PartNumber === 1,
      times: SDK_ATTEMPTS,
      answer: [WIRE_ANSWERS.s3InternalError, WIRE_ANSWERS.s3ServiceUnavailable],
    });
    const aborts = recordCalls(s3, { command: 'AbortMultipartUploadCommand' });
    const completes = recordCalls(s3, { command: 'CompleteMultipartUploadCommand' });
    const email = 'multipart@example.com';
    try {
      const jobId = await submitJob(stack, { url: media.url('/lecture.m4a'), email, format: 'mp3' });
      expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');

      const events = await executionHistory(sfn, stack, jobId);
      expect(outage.hits).toBe(SDK_ATTEMPTS);
      expect(taskErrors(events)).toEqual(['StorageUnavailable']);
      expect(taskAttempts(events).Extract).toBe(2);
      expect(faultStack.multipartUploads()).toHaveLength(2);
      expect(aborts.hits).toBeGreaterThanOrEqual(1);
      expect(completes.hits).toBe(1);
      await expectStorageConsistent(faultStack);

      const message = await waitForEmail(stack, email, /ready/i);
      expect(subjectsTo(stack, email)).toHaveLength(1);
      const response = await fetch(downloadLink(stack, message), { redirect: 'follow' });
      expect(response.status).toBe(200);
      const saved = join(directory, 'lecture.mp3');
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(saved));
      expect(Math.abs((await probeDuration(saved)) - SECONDS)).toBeLessThanOrEqual(0.5);
    } finally {
      [outage, aborts, completes].forEach((fault) => fault.remove());
    }
  });
});
