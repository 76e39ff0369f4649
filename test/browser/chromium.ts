/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser): a page per test, every
 * request outside loopback refused and recorded, console errors and CSP violations kept, and a
 * screenshot in test/browser/.failures/ when a test fails.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FAILURES_DIR = join('test', 'browser', '.failures');
/** Set DOCS_SCREENSHOTS=1 to refresh the README's pictures in docs/screenshots/. */
const DOCS_DIR = process.env.DOCS_SCREENSHOTS === '1' ? join('docs', 'screenshots') : undefined;

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  /** Requests the page tried to send beyond 127.0.0.1 (refused). */
  offsiteRequests: string[];
  /** Console errors, failed script loads and CSP violations. */
  problems: string[];
  /** Saves docs/screenshots/<name>.png when DOCS_SCREENSHOTS=1. */
  documentAs(name: string): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Chromium's sandbox needs user namespaces a root CI container often lacks.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

export async function openSession(browser: Browser): Promise<BrowserSession> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 720, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
  });
  const offsiteRequests: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const disposition = url.searchParams.get('response-content-disposition');
    if (url.hostname === '127.0.0.1' && disposition) {
      // S3 answers a presigned GET with its response-content-disposition; the local S3 (fauxqs) ignores it.
      const response = await route.fetch();
      return route.fulfill({
        response,
        headers: { ...response.headers(), 'content-disposition': disposition },
      });
    }
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    offsiteRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return {
    page,
    context,
    offsiteRequests,
    problems,
    async documentAs(name) {
      if (!DOCS_DIR) return;
      mkdirSync(DOCS_DIR, { recursive: true });
      await page.screenshot({ path: join(DOCS_DIR, `${name}.png`), fullPage: true });
    },
  };
}

/** Runs a browser test body; when it throws, the page as it was is saved for whoever reads the failure. */
export async function withFailureScreenshot(
  session: BrowserSession,
  name: string,
  body: () => Promise<void>,
) {
  try {
    await body();
  } catch (error) {
    mkdirSync(FAILURES_DIR, { recursive: true });
    const path = join(FAILURES_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await session.page.screenshot({ path, fullPage: true }).catch(() => undefined);
    throw Object.assign(error as Error, { message: `${(error as Error).message}\n(screenshot: ${path})` });
  } finally {
    await session.context.close();
  }
}
