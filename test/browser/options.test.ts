import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/index.js';
import { downloadLink, startTestStack, waitForEmail } from '../e2e/local-stack-helpers.js';
import { probeDuration, startMediaServer, tempDirectory, type MediaServer } from '../support/media.js';
import { generatePicture, generatePicturedClip } from '../support/pictured-media.js';
import { probeMedia } from '../support/probe-media.js';
import { launchChromium, openSession, withFailureScreenshot } from './chromium.js';

const FINAL_TEXT = /Done|cannot be converted|went wrong/;

/** The rendition's pictures: video streams (an mp3's APIC shows as one). */
async function pictures(path: string): Promise<number> {
  return (await probeMedia(path)).streams.filter((stream) => stream.codec_type === 'video').length;
}

interface InPage {
  document: { activeElement: { id: string } | null };
}

describe('the audio options in Chromium, on the local stack', () => {
  let stack: LocalStack;
  let media: MediaServer;
  let browser: Browser;
  const directory = tempDirectory('audio-sync-browser-options-');

  beforeAll(async () => {
    stack = await startTestStack();
    media = await startMediaServer();
    // A 20-second mp3 carrying its own front cover, so turning cover art off has a picture to leave out.
    const picture = await generatePicture(directory, 96, 96);
    const clip = await generatePicturedClip({ directory, ext: 'mp3', seconds: 20, picture, name: 'covered' });
    media.serveFile('/covered.mp3', clip, 'audio/mpeg');
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
      expect(await pictures(saved)).toBe(0);
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
      expect(await pictures(saved)).toBe(1);
      expect(session.problems).toEqual([]);
    });
  }, 90_000);
});
