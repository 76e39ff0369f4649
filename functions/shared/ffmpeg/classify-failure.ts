/** Turns an ffmpeg failure (spawn error, exit code, last stderr lines) into the error class the caller acts on. */
import { ExtractionFailed, SourceUnreachable, ToolMissing, type AudioSyncError } from '../errors.js';
import { INSTALL_HINT } from './locate.js';

/** Network and I/O faults: retrying (and re-resolving the source) may succeed. */
const SOURCE_FAULTS = [
  /connection (refused|reset|timed out)/i,
  /timed out|timeout/i,
  /server returned 5\d\d/i,
  // Expired signed media URLs answer 403/404/410; a retry re-resolves the source and gets a fresh one.
  /server returned 4(03|04|10|29)/i,
  /end of file/i,
  /i\/o error|input\/output error/i,
  /broken pipe/i,
  /network is unreachable|no route to host/i,
  /failed to resolve hostname|name or service not known|temporary failure in name resolution/i,
  /stream ends prematurely/i,
];

export interface FfmpegOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last stderr lines, oldest first. */
  stderrTail: string[];
  spawnError?: NodeJS.ErrnoException;
  /** The source stream fed to stdin failed. */
  sourceError?: Error;
}

function lastLines(tail: string[]): string {
  return tail.slice(-5).join(' | ') || 'ffmpeg reported no error';
}

/** The shortfall tolerated against the announced duration: rounding, codec padding and priming. */
export function truncationTolerance(expectedSeconds: number): number {
  return Math.max(2, expectedSeconds * 0.02);
}

/**
 * ffmpeg exited 0 but wrote less audio than it should have (`shortfall` says how much). A network fault in
 * its log means the transfer broke off (transient); without one the source itself holds less audio than it
 * announced, cut or corrupt in the middle, and reading it again gives the same result (permanent).
 */
export function shortOutputFailure(shortfall: string, stderrTail: string[]): AudioSyncError {
  const text = stderrTail.join('\n');
  const log = lastLines(stderrTail);
  if (SOURCE_FAULTS.some((pattern) => pattern.test(text))) {
    return new SourceUnreachable(`The source broke off: ${shortfall} (${log})`);
  }
  return new ExtractionFailed(`The source is corrupt or cut short: ${shortfall} (${log})`);
}

/** The error for a run that ended cleanly but encoded well short of the expected duration, else undefined. */
export function truncationFailure(
  encodedSeconds: number,
  expectedSeconds: number | undefined,
  stderrTail: string[],
): AudioSyncError | undefined {
  if (!expectedSeconds || encodedSeconds >= expectedSeconds - truncationTolerance(expectedSeconds)) {
    return undefined;
  }
  return shortOutputFailure(`${encodedSeconds.toFixed(1)} s of ${expectedSeconds} s encoded`, stderrTail);
}

/** The error for an ffmpeg run, or undefined when it exited cleanly. */
export function classifyFailure(outcome: FfmpegOutcome): AudioSyncError | undefined {
  const { spawnError, sourceError, stderrTail, exitCode, signal } = outcome;
  if (spawnError) {
    if (spawnError.code === 'ENOENT' || spawnError.code === 'EACCES') {
      return new ToolMissing(`ffmpeg could not be started (${spawnError.code}). ${INSTALL_HINT}`, {
        cause: spawnError,
      });
    }
    return new ExtractionFailed(`ffmpeg could not be started: ${spawnError.message}`, { cause: spawnError });
  }
  if (sourceError) {
    return new SourceUnreachable(`The source stream failed: ${sourceError.message}`, { cause: sourceError });
  }
  const text = stderrTail.join('\n');
  // A clean exit may still hide a cut-off input (ffmpeg encodes what it got): see truncationFailure.
  if (exitCode === 0) return undefined;
  if (SOURCE_FAULTS.some((pattern) => pattern.test(text))) {
    return new SourceUnreachable(`ffmpeg could not read the source: ${lastLines(stderrTail)}`);
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
  return new ExtractionFailed(`ffmpeg ${how}: ${lastLines(stderrTail)}`);
}
