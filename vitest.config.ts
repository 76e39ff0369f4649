import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Live contract tests reach the real YouTube: only `npm run test:live` (YT_LIVE=1) runs them.
    exclude: process.env.YT_LIVE === '1' ? [] : ['test/live/**'],
    setupFiles: ['test/support/setup-env.ts'],
    // Fails the run when a test leaves a temporary folder behind.
    globalSetup: ['test/support/temp-check.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // ffmpeg-heavy suites share two cores; more workers only add contention.
    maxWorkers: 2,
    // CI also writes a JSON report, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/test-results.json' },
  },
});
