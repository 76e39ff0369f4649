import { existsSync, rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openSession, withFailureScreenshot } from './chromium.js';

describe('a failing browser test', () => {
  let browser: Browser;
  const screenshot = 'test/browser/.failures/a-test-that-fails.png';
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(screenshot, { force: true });
  });

  it('leaves a screenshot of the page and names it in the error', async () => {
    rmSync(screenshot, { force: true });
    const session = await openSession(browser);
    await session.page.setContent('<h1>What the page showed</h1>');

    const failing = withFailureScreenshot(session, 'a test that fails', async () => {
      throw new Error('expected something else');
    });

    await expect(failing).rejects.toThrow(`expected something else\n(screenshot: ${screenshot})`);
    expect(existsSync(screenshot)).toBe(true);
  });
});
