/**
 * The state machine's Catch and Retry on our own errors, with every handler running from its deploy
 * bundle on the local stack: the names the minified bundles throw are the names the ASL matches.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_CACHE } from '../../local/bundles.js';
import { startLocalStack, type LocalStack } from '../../local/index.js';
import {
  downloadLink,
  executionHistory,
  statesEntered,
  submitJob,
  waitForEmail,
  waitForJob,
} from '../e2e/local-stack-helpers.js';
import {
  eventually,
  NO_RETRY_WAITS,
  subjectsTo,
  taskAttempts,
  taskErrors,
} from '../reliability/fault-stack.js';
import {
  generateClip,
  probeDuration,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../support/media.js';
import { heldAfter, startThrottlingSesProxy, type ThrottlingProxy } from './support/wire.js';

const SES_SDK_ATTEMPTS = 3;

describe('the workflow on the deploy bundles', () => {
  let stack: LocalStack;
  let sfn: SFNClient;
  let media: MediaServer;
  let ses: ThrottlingProxy;
  let directory: string;
  let held: ReturnType<typeof heldAfter>;

  beforeAll(async () => {
    directory = tempDirectory('audio-sync-bundled-');
    ses = await startThrottlingSesProxy();
    stack = await startLocalStack({
      port: 0,
      bundled: true,
      // ExtractionInProgress is waited out 250 ms at a time (its 64 tries outlast the held extraction).
      retryIntervalOverrides: { ...NO_RETRY_WAITS, Extract: [0, 250, 0, 0] },
      environment: { AWS_ENDPOINT_URL_SESV2: ses.url, MAX_DURATION_SECONDS: '60' },
      onError: () => undefined,
    });
    ses.target = stack.resources.endpoints.ses;
    sfn = new SFNClient({ endpoint: stack.stepFunctionsUrl });
    media = await startMediaServer();
    const short = await generateClip({ seconds: 2, directory, title: 'Short', artist: 'Bundle' });
    media.serveFile('/short.m4a', short, 'audio/mp4');
    media.serveFile('/long.m4a', await generateClip({ seconds: 61, directory, name: 'long' }), 'audio/mp4');
    const shared = await generateClip({ seconds: 20, directory, title: 'Shared', name: 'shared' });
    held = heldAfter(shared, 'audio/mp4', 64 * 1024);
    media.route('/shared.m4a', held.route);
  });
  afterAll(async () => {
    held?.release();
    sfn?.destroy();
    await media?.close();
    await stack?.stop();
    await ses?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('runs the bundles from the build cache, not the sources', async () => {
    const jobId = await submitJob(stack, { url: media.url('/long.m4a'), email: 'trace@example.com' });
    await waitForJob(stack, jobId, ['REJECTED', 'FAILED']);
    const failed = (await executionHistory(sfn, stack, jobId)).find((event) => event.type === 'TaskFailed');
    const trace = (JSON.parse(failed?.taskFailedEventDetails?.cause ?? '{}') as { trace?: string[] }).trace;
    expect(trace?.join('\n')).toContain(join(BUNDLE_CACHE));
    expect(trace?.join('\n')).toMatch(/media[/\\]validate[/\\]handler\.mjs/);
  });

  it('catches a too-long video into NotifyRejected: the job is REJECTED and the requester told why', async () => {
    const email = 'too-long@example.com';
    const jobId = await submitJob(stack, { url: media.url('/long.m4a'), email });

    const job = await waitForJob(stack, jobId, ['REJECTED', 'FAILED', 'DELIVERED']);
    expect(job.status).toBe('REJECTED');
    expect(job.reason).toMatch(/the limit is 1 minute/);
    const events = await executionHistory(sfn, stack, jobId);
    expect(taskErrors(events)).toEqual(['VideoTooLong']);
    expect(statesEntered(events)).toEqual(['Validate', 'NotifyRejected', 'Rejected']);
    expect(subjectsTo(stack, email)).toHaveLength(1);
  });

  it('waits out ExtractionInProgress for a second job of the same video, then reuses the rendition', async () => {
    const url = media.url('/shared.m4a');
    const first = await submitJob(stack, { url, email: 'first@example.com' });
    await waitForJob(stack, first, ['EXTRACTING', 'FAILED']);
    const second = await submitJob(stack, { url, email: 'second@example.com' });
    await eventually(async () =>
      executionHistory(sfn, stack, second).then(
        (events) => taskErrors(events).includes('ExtractionInProgress'),
        () => false,
      ),
    );
    held.release();

    const jobs = await Promise.all(
      [first, second].map((id) => waitForJob(stack, id, ['DELIVERED', 'FAILED'])),
    );
    expect(jobs.map((job) => job.status)).toEqual(['DELIVERED', 'DELIVERED']);
    const events = await executionHistory(sfn, stack, second);
    expect(new Set(taskErrors(events))).toEqual(new Set(['ExtractionInProgress']));
    expect(taskAttempts(events).Extract).toBeGreaterThan(1);
    expect(taskErrors(await executionHistory(sfn, stack, first))).toEqual([]);
    for (const to of ['first@example.com', 'second@example.com']) {
      expect(subjectsTo(stack, to)).toEqual([expect.stringMatching(/ready/i)]);
    }
  });

  it('retries Notify on EmailThrottled when SES throttling outlasts the SDK retries, and sends one email', async () => {
    const email = 'throttled@example.com';
    ses.throttle(SES_SDK_ATTEMPTS);
    const jobId = await submitJob(stack, { url: media.url('/short.m4a'), email, format: 'opus' });

    expect((await waitForJob(stack, jobId, ['DELIVERED', 'FAILED'])).status).toBe('DELIVERED');
    const events = await executionHistory(sfn, stack, jobId);
    expect(ses.throttled).toBe(SES_SDK_ATTEMPTS);
    expect(taskErrors(events)).toEqual(['EmailThrottled']);
    expect(taskAttempts(events).Notify).toBe(2);

    // Delivered end to end: the emailed link redirects to the file the bundles extracted.
    const sent = await waitForEmail(stack, email, /ready/i);
    expect(subjectsTo(stack, email)).toHaveLength(1);
    const redirect = await fetch(downloadLink(stack, sent), { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const file = join(directory, 'downloaded.opus');
    writeFileSync(file, Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer()));
    expect(Math.abs((await probeDuration(file)) - 2)).toBeLessThanOrEqual(0.5);
  });
});
