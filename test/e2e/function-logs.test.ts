/**
 * The local stack runs every function in one process; each log line must still name the function that
 * wrote it, as POWERTOOLS_SERVICE_NAME and the Lambda context do on AWS.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/shared/logger.js';
import type { LocalStack } from '../../local/index.js';
import { generateClip, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { startTestStack, submitJob, waitForJob } from './local-stack-helpers.js';

describe('log lines on the local stack', () => {
  const directory = tempDirectory();
  let stack: LocalStack;
  let media: MediaServer;

  beforeAll(async () => {
    stack = await startTestStack();
    media = await startMediaServer();
    media.serveFile('/clip.m4a', await generateClip({ seconds: 2, directory }), 'audio/mp4');
  });
  afterAll(async () => {
    await media?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it("carry their own function's name while two jobs run through every function at once", async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    // Powertools writes INFO to stdout and ERROR (a waited-out ExtractionInProgress) to stderr.
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    logger.setLogLevel('INFO');
    try {
      const jobs = await Promise.all(
        ['one@example.com', 'two@example.com'].map((email) =>
          submitJob(stack, { url: media.url('/clip.m4a'), email, format: 'opus' }),
        ),
      );
      for (const jobId of jobs) await waitForJob(stack, jobId, ['DELIVERED']);
    } finally {
      logger.setLogLevel('SILENT');
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { service?: string; function_name?: string; message?: string });
    const extracting = lines.filter((line) => line.message === 'Extracting audio');
    // Both jobs extract the same rendition: one runs ffmpeg, the other waits it out, retrying.
    expect(extracting.length).toBeGreaterThanOrEqual(2);
    for (const line of extracting)
      expect(line).toMatchObject({ service: 'audio-sync-extract', function_name: 'audio-sync-extract' });
    const named = lines.filter((line) => line.function_name);
    expect(new Set(named.map((line) => line.function_name))).toEqual(
      new Set([
        'audio-sync-api',
        'audio-sync-starter',
        'audio-sync-validate',
        'audio-sync-extract',
        'audio-sync-notify',
      ]),
    );
    for (const line of named) expect(line.service).toBe(line.function_name);
  });
});
