import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // ffmpeg-heavy suites share two cores; more workers only add contention.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
