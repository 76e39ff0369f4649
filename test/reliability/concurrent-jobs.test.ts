import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SFNClient } from '@aws-sdk/client-sfn';
import { s3Client } from '../../functions/shared/aws.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { holdCalls, recordCalls } from '../support/faults.js';
import { executionHistory, submitJob, waitForJob } from '../e2e/local-stack-helpers.js';
import {
  eventually,
  expectStorageConsistent,
  NO_RETRY_WAITS,
  startFaultStack,
  subjectsTo,
  taskErrors,
  type FaultStack,
} from './fault-stack.js';

const JOBS = 5;

describe('concurrent jobs for one video and format', () => {
  let faultStack: FaultStack;
  let media: MediaServer;
  let sfn: SFNClient;

  beforeAll(async () => {
    faultStack = await startFaultStack({
      // Extract's retriers: Lambda faults, ExtractionInProgress, source/storage. A short wait keeps the
      // 64 ExtractionInProgress tries from running out before the first extraction is let go.
      retryIntervalOverrides: { ...NO_RETRY_WAITS, Extract: [0, 50, 0] },
    });
    sfn = new SFNClient({ endpoint: faultStack.stack.stepFunctionsUrl });
    media = await startMediaServer();
    media.serveFile('/song.m4a', await generateClip({ seconds: 2, directory: tempDirectory() }), 'audio/mp4');
  });
  afterAll(async () => {
    sfn?.destroy();
    await media?.close();
    await faultStack?.stop();
  });

  it('runs ffmpeg once; the other jobs wait out ExtractionInProgress, reuse the rendition, and each gets one email', async () => {
    const { stack } = faultStack;
    const s3 = s3Client();
    // The first extraction stays in progress (its upload held) until every other job has been told so.
    const upload = holdCalls(s3, { command: 'PutObjectCommand' });
    const uploads = recordCalls(s3, { command: 'PutObjectCommand' });
    const multipart = recordCalls(s3, { command: 'CreateMultipartUploadCommand' });
    const extracting = new Set<string>();
    const stopListening = stack.onExtractProgress(({ jobId }) => extracting.add(jobId));
    try {
      const emails = Array.from({ length: JOBS }, (_, index) => `fan-${index + 1}@example.com`);
      const jobIds = await Promise.all(
        emails.map((email) => submitJob(stack, { url: media.url('/song.m4a'), email, format: 'mp3' })),
      );

      // Executions start as the queue is polled: one not started yet has not waited either.
      const waited = async (jobId: string) =>
        executionHistory(sfn, stack, jobId).then(
          (events) => taskErrors(events).includes('ExtractionInProgress'),
          () => false,
        );
      await eventually(
        async () => (await Promise.all(jobIds.map(waited))).filter(Boolean).length === JOBS - 1,
      );
      upload.release();

      const jobs = await Promise.all(
        jobIds.map((jobId) => waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])),
      );
      expect(jobs.map((job) => job.status)).toEqual(Array(JOBS).fill('DELIVERED'));
      expect(uploads.hits + multipart.hits).toBe(1);
      expect(extracting.size).toBe(1);
      const [extractor] = [...extracting];
      for (const jobId of jobIds) {
        const errors = taskErrors(await executionHistory(sfn, stack, jobId));
        expect(
          errors.every((error) => error === 'ExtractionInProgress'),
          jobId,
        ).toBe(true);
        expect(errors.length > 0, jobId).toBe(jobId !== extractor);
      }
      for (const email of emails)
        expect(subjectsTo(stack, email), email).toEqual([expect.stringMatching(/ready/i)]);
      await expectStorageConsistent(faultStack);
    } finally {
      stopListening();
      [upload, uploads, multipart].forEach((fault) => fault.remove());
    }
  });
});
