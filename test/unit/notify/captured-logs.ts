/** Captures what the shared Powertools logger writes (it prints through its own Console on stdout/stderr). */
import { vi } from 'vitest';
import { logger } from '../../../functions/shared/logger.js';

export interface CapturedLogs {
  /** Everything written, as one string: for "never appears in the logs" checks. */
  raw: string;
  /** Each JSON log line, parsed. */
  lines: Record<string, unknown>[];
}

/** Runs `run` at DEBUG level and returns its log output; a rejection of `run` is swallowed. */
export async function capturedLogs(run: () => Promise<unknown>): Promise<CapturedLogs> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  // The handler wrapper's Powertools middleware restores the configured level (SILENT in tests) at
  // each invocation, as its debug sampling asks; the capture keeps DEBUG for its duration instead.
  const sampling = vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  logger.setLogLevel('DEBUG');
  try {
    await run().catch(() => undefined);
  } finally {
    logger.setLogLevel('SILENT');
    sampling.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const raw = chunks.join('');
  const lines = raw
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { raw, lines };
}
