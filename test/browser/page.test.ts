import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/index.js';
import { downloadLink, getJob, startTestStack, waitForEmail } from '../e2e/local-stack-helpers.js';
import {
  generateClip,
  probeDuration,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../support/media.js';
import { launchChromium, openSession, withFailureScreenshot } from './chromium.js';
import { servedSlowly } from './slow-media.js';

const run = promisify(execFile);
const CLIP_SECONDS = 20;
const LIMIT_SECONDS = 60;
const FINAL_TEXT = /Done|cannot be converted|went wrong/;

/** The page's globals, for functions Playwright runs in the page (this Node project loads no DOM types). */
interface InPage {
  document: { getElementById(id: string): { value?: number } | null; activeElement: { id: string } | null };
}

/** A mono silence longer than the stack's limit: cheap to make and to serve. */
async function longSilence(directory: string): Promise<string> {
  const path = join(directory, 'long-talk.mp3');
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono'],
    ...['-t', String(LIMIT_SECONDS + 30), '-c:a', 'libmp3lame', '-b:a', '8k'],
    ...['-metadata', 'title=A Long <Talk>', '-metadata', 'artist=Speaker', path],
  ]);
  return path;
}

describe('the page in Chromium, on the local stack', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let browser: Browser;
  const directory = tempDirectory('audio-sync-browser-');

  beforeAll(async () => {
    stack = await startTestStack({ MAX_DURATION_SECONDS: String(LIMIT_SECONDS) });
    media = await startMediaServer();
    const clip = await generateClip({
      seconds: CLIP_SECONDS,
      directory,
      title: 'Sine & "Friends"',
      artist: 'Tester',
    });
    // About 320 kB at 40 kB/s: the extraction takes several seconds, so the page can show it moving.
    media.route('/talk.m4a', servedSlowly(clip, 'audio/mp4', 40_000));
    media.serveFile('/long-talk.mp3', await longSilence(directory), 'audio/mpeg');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await media?.close();
    await stack?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('submits a job, shows its progress, survives a reload, and the emailed link downloads the audio', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'delivered', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill(media.url('/talk.m4a'));
      await page.getByLabel('Email address').fill('listener@example.com');
      // By keyboard: from the email field, Tab reaches the format group, arrows pick M4A.
      await page.getByLabel('Email address').press('Tab');
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel(/M4A/).isChecked()).toBe(true);
      await session.documentAs('submit');
      await page.getByRole('button', { name: 'Get the audio' }).press('Enter');

      await page.waitForURL(/\?job=/);
      const jobId = new URL(page.url()).searchParams.get('job')!;
      await expect
        .poll(() => page.locator('#video-title').textContent(), { timeout: 20_000 })
        .toBe('Sine & "Friends"');

      // Extraction in percent, somewhere between its start and its end.
      await page.waitForFunction(
        () => {
          const value = (globalThis as unknown as InPage).document.getElementById('progress')?.value ?? 0;
          return value > 0 && value < 100;
        },
        undefined,
        { timeout: 30_000, polling: 100 },
      );
      expect(await page.locator('li[data-step="EXTRACTING"]').getAttribute('aria-current')).toBe('step');
      expect(await page.locator('#progress-text').textContent()).toMatch(/^\d{1,2} %$/);
      await session.documentAs('progress');

      await page.reload();
      expect(page.url()).toContain(`?job=${jobId}`);
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(FINAL_TEXT);
      expect(await page.locator('#status').textContent()).toContain('Done');
      expect(await page.locator('li[data-state="done"]').count()).toBe(4);
      await session.documentAs('delivered');

      const email = await waitForEmail(stack, 'listener@example.com', /ready/i);
      await page.goto(downloadLink(stack, email));
      await expect.poll(() => page.locator('h1').textContent()).toBe('Your audio is ready');
      expect(await page.locator('dl.file').textContent()).toMatch(
        /Sine & "Friends".*Tester.*M4A.*\d+(\.\d)? kB/s,
      );
      await session.documentAs('download');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download M4A' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('Sine & Friends - Tester.m4a');
      const saved = join(directory, 'downloaded.m4a');
      await download.saveAs(saved);
      expect(Math.abs((await probeDuration(saved)) - CLIP_SECONDS)).toBeLessThanOrEqual(0.5);

      expect(session.offsiteRequests).toEqual([]);
      expect(session.problems).toEqual([]);
    });
  }, 150_000);

  it('shows a rejected video with its reason in plain words', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'rejected', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill(media.url('/long-talk.mp3'));
      await page.getByLabel('Email address').fill('long@example.com');
      await page.getByRole('button', { name: 'Get the audio' }).click();

      await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(FINAL_TEXT);
      expect(await page.locator('#status').textContent()).toBe('This video cannot be converted.');
      const jobId = new URL(page.url()).searchParams.get('job')!;
      const job = await getJob(stack, jobId);
      expect(job.status).toBe('REJECTED');
      expect(await page.locator('#reason').textContent()).toBe(job.reason);
      expect(job.reason).toMatch(/1 minute 30 seconds|limit/);
      expect(await page.locator('#video-title').textContent()).toBe('A Long <Talk>');
      expect(await page.locator('li[data-step="VALIDATING"]').getAttribute('data-state')).toBe('failed');
      await session.documentAs('rejected');
      expect(session.problems).toEqual([]);
    });
  }, 90_000);

  it('names the field a refused request is about and moves the focus there', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'refused', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill('ftp://example.com/talk.mp3');
      await page.getByLabel('Email address').fill('someone@example.com');
      await page.getByRole('button', { name: 'Get the audio' }).click();

      await expect.poll(() => page.locator('#url-error').isVisible()).toBe(true);
      expect(await page.getByLabel('Video link').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id)).toBe(
        'url',
      );
      expect(page.url()).not.toContain('?job=');
    });
  }, 60_000);
});
