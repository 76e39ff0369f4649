import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import type { LocalStack } from '../../local/index.js';
import { startTestStack, submitJob, waitForEmail, waitForJob } from './local-stack-helpers.js';

const run = promisify(execFile);

/** 45 minutes of mono silence at 8 kb/s: a long source that is cheap to make and to serve. */
async function generateLongSilence(directory: string): Promise<string> {
  const path = join(directory, 'long-lecture.mp3');
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'anullsrc=r=8000:cl=mono',
    '-t',
    String(45 * 60),
    '-c:a',
    'libmp3lame',
    '-b:a',
    '8k',
    '-metadata',
    'title=Long Lecture',
    '-metadata',
    'artist=Professor',
    path,
  ]);
  return path;
}

describe('the local stack refuses a source over the duration limit', () => {
  let stack: LocalStack;
  let media: MediaServer;

  beforeAll(async () => {
    stack = await startTestStack();
    media = await startMediaServer();
    media.serveFile('/lecture.mp3', await generateLongSilence(tempDirectory()), 'audio/mpeg');
  });
  afterAll(async () => {
    await media?.close();
    await stack?.stop();
  });

  it('rejects a 45-minute source with a reason and tells the requester by email', async () => {
    const jobId = await submitJob(stack, { url: media.url('/lecture.mp3'), email: 'student@example.com' });
    const job = await waitForJob(stack, jobId, ['DELIVERED', 'REJECTED', 'FAILED']);
    expect(job.status).toBe('REJECTED');
    expect(job.reason).toMatch(/\S/);
    const email = await waitForEmail(stack, 'student@example.com', /could not convert/i);
    expect(email.text).not.toMatch(/\/download\//);
  });
});
