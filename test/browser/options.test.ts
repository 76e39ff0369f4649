import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/index.js';
import { noRetryDelays } from '../../local/step-functions/runner/run-state-machine.js';
import { loadStateMachineDefinition } from '../../statemachine/definition.js';
import { downloadLink, waitForEmail } from '../e2e/local-stack-helpers.js';
import { probeDuration, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { launchChromium, openSession, withFailureScreenshot } from './chromium.js';

const run = promisify(execFile);
const FINAL_TEXT = /Done|cannot be converted|went wrong/;

interface InPage {
  document: { activeElement: { id: string } | null };
}

/** A 20-second mp3 carrying its own front cover, so turning cover art off has a picture to leave out. */
async function clipWithCover(directory: string): Promise<string> {
  const path = join(directory, 'covered.mp3');
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=20'],
    ...['-f', 'lavfi', '-i', 'color=c=teal:s=96x96:d=1'],
    ...['-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-b:a', '128k'],
    ...['-c:v', 'mjpeg', '-frames:v', '1', '-disposition:v', 'attached_pic', '-id3v2_version', '3'],
    ...['-metadata', 'title=Covered Tone', '-metadata', 'artist=Tester', path],
  ]);
  return path;
}

async function videoStreams(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]);
  const { streams } = JSON.parse(stdout) as { streams: { codec_type: string }[] };
  return streams.filter((stream) => stream.codec_type === 'video').length;
}

describe('the audio options in Chromium, on the local stack', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let browser: Browser;
  const directory = tempDirectory('audio-sync-browser-options-');

  beforeAll(async () => {
    const definition = loadStateMachineDefinition({
      ValidateFunctionArn: 'v',
      ExtractFunctionArn: 'e',
      NotifyFunctionArn: 'n',
    });
    stack = await startLocalStack({
      port: 0,
      retryIntervalOverrides: noRetryDelays(definition),
      onError: () => undefined,
    });
    media = await startMediaServer();
    media.serveFile('/covered.mp3', await clipWithCover(directory), 'audio/mpeg');
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await media?.close();
    await stack?.stop();
  });

  it('offers quality for mp3 only, and says a bad trim next to its field before sending', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'options-refused', async () => {
      await page.goto(`${stack.apiUrl}/`);
      const quality = page.getByLabel('MP3 quality');
      expect(await quality.isEnabled()).toBe(true);
      expect(await page.locator('#quality-hint').textContent()).toMatch(
        /160 kbit\/s Opus.*adds size, not sound/,
      );
      await page.getByLabel(/Opus/).check();
      expect(await quality.isDisabled()).toBe(true);
      expect(await page.locator('#quality-note').isVisible()).toBe(true);
      await page.getByRole('radio', { name: /MP3/ }).check();
      expect(await quality.isEnabled()).toBe(true);

      await page.getByLabel('Video link').fill(media.url('/covered.mp3'));
      await page.getByLabel('Email address').fill('trim@example.com');
      await page.getByLabel('Start at').fill('0:05');
      await page.getByLabel('End at').fill('0:04');
      await page.getByRole('button', { name: 'Get the audio' }).click();

      expect(await page.locator('#end-error').textContent()).toBe('The end must be after the start.');
      expect(await page.getByLabel('End at').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id)).toBe(
        'end',
      );
      expect(page.url()).not.toContain('?job=');
      expect(session.problems).toEqual([]);
    });
  }, 60_000);

  it('shows why a start past the end of the video keeps nothing, in plain words', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'options-start-past-end', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill(media.url('/covered.mp3'));
      await page.getByLabel('Email address').fill('late@example.com');
      await page.getByLabel('Start at').fill('0:30');
      await page.getByRole('button', { name: 'Get the audio' }).click();

      await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(FINAL_TEXT);
      expect(await page.locator('#status').textContent()).toBe('This video cannot be converted.');
      expect(await page.locator('#reason').textContent()).toMatch(
        /^The start you asked for \(0:30\) is at or past the end of the video, which is 20 seconds long\./,
      );
      expect(await page.locator('#job-options').textContent()).toBe(
        'MP3 · 192 kbit/s · from 0:30 · cover art',
      );
      expect(session.problems).toEqual([]);
    });
  }, 90_000);

  it('delivers mp3 V2 of 0:01 to 0:03 without cover art, and the job view says so', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'options-delivered', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill(media.url('/covered.mp3'));
      await page.getByLabel('Email address').fill('options@example.com');
      await page.getByLabel('MP3 quality').selectOption('V2');
      await page.getByLabel('Start at').fill('0:01');
      await page.getByLabel('End at').fill('0:03');
      // The checkbox by keyboard: Space toggles it, as for a person without a mouse.
      await page.getByLabel('Embed cover art').press('Space');
      expect(await page.getByLabel('Embed cover art').isChecked()).toBe(false);
      const posted = page.waitForRequest((request) => request.method() === 'POST');
      await page.getByRole('button', { name: 'Get the audio' }).click();
      expect(JSON.parse((await posted).postData() ?? '{}')).toEqual({
        url: media.url('/covered.mp3'),
        email: 'options@example.com',
        format: 'mp3',
        quality: 'V2',
        start: '0:01',
        end: '0:03',
        coverArt: false,
      });

      await page.waitForURL(/\?job=/);
      await expect
        .poll(() => page.locator('#job-options').textContent(), { timeout: 20_000 })
        .toBe('MP3 · VBR V2 (about 190 kbit/s) · 0:01 to 0:03 · no cover art');
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(FINAL_TEXT);
      expect(await page.locator('#status').textContent()).toContain('Done');

      const email = await waitForEmail(stack, 'options@example.com', /ready/i);
      await page.goto(downloadLink(stack, email));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download MP3' }).click(),
      ]);
      const saved = join(directory, 'trimmed.mp3');
      await download.saveAs(saved);
      expect(Math.abs((await probeDuration(saved)) - 2)).toBeLessThanOrEqual(0.1);
      expect(await videoStreams(saved)).toBe(0);
      expect(session.offsiteRequests).toEqual([]);
      expect(session.problems).toEqual([]);
    });
  }, 120_000);

  // The other half of "cover art off": the same source with the box left checked carries its picture.
  it('embeds the source’s own picture when cover art stays checked', async () => {
    const session = await openSession(browser);
    const { page } = session;
    await withFailureScreenshot(session, 'options-cover', async () => {
      await page.goto(`${stack.apiUrl}/`);
      await page.getByLabel('Video link').fill(media.url('/covered.mp3'));
      await page.getByLabel('Email address').fill('cover@example.com');
      expect(await page.getByLabel('Embed cover art').isChecked()).toBe(true);
      await page.getByLabel('End at').fill('2');
      await page.getByRole('button', { name: 'Get the audio' }).click();
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 60_000 }).toMatch(FINAL_TEXT);
      expect(await page.locator('#job-options').textContent()).toBe(
        'MP3 · 192 kbit/s · up to 0:02 · cover art',
      );

      const email = await waitForEmail(stack, 'cover@example.com', /ready/i);
      await page.goto(downloadLink(stack, email));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download MP3' }).click(),
      ]);
      const saved = join(directory, 'covered-out.mp3');
      await download.saveAs(saved);
      expect(await videoStreams(saved)).toBe(1);
      expect(session.problems).toEqual([]);
    });
  }, 90_000);
});
