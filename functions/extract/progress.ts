/**
 * Writes extraction progress to the job at a bounded rate (every 5 % or 2 s, one write at a time), so
 * `GET /jobs/{jobId}` can show it; a failed write is logged and never fails the extraction.
 */
import { logger } from '../shared/logger.js';
import type { JobsTable } from '../shared/tables/jobs.js';

export interface ProgressWriterOptions {
  jobs: Pick<JobsTable, 'recordProgress'>;
  jobId: string;
  durationSeconds: number;
  /** Fraction of the whole that is always worth a write. */
  minStep?: number;
  /** Time after which any forward progress is worth a write. */
  minIntervalMs?: number;
  nowMs?: () => number;
}

export interface ProgressWriter {
  /** Seconds of audio encoded so far, as ffmpeg reports them. */
  report(seconds: number): void;
  /** Resolves when the write in flight (if any) has settled. */
  settled(): Promise<void>;
}

export function createProgressWriter(options: ProgressWriterOptions): ProgressWriter {
  const minStep = options.minStep ?? 0.05;
  const minIntervalMs = options.minIntervalMs ?? 2000;
  const nowMs = options.nowMs ?? Date.now;
  let written = 0;
  let writtenAt = nowMs();
  let inFlight: Promise<void> | undefined;

  return {
    report(seconds) {
      if (!(options.durationSeconds > 0) || inFlight) return;
      // Two decimals: finer steps mean nothing to a person and would only cost writes.
      const fraction = Math.round(Math.min(1, Math.max(0, seconds / options.durationSeconds)) * 100) / 100;
      const now = nowMs();
      if (fraction <= written) return;
      // The epsilon keeps 0.15 - 0.1 (0.04999…) a full step.
      if (fraction - written < minStep - 1e-9 && now - writtenAt < minIntervalMs) return;
      written = fraction;
      writtenAt = now;
      inFlight = options.jobs
        .recordProgress(options.jobId, fraction)
        .catch((error: unknown) => logger.warn('Progress not recorded', { error: error as Error }))
        .finally(() => {
          inFlight = undefined;
        });
    },
    settled: () => inFlight ?? Promise.resolve(),
  };
}
