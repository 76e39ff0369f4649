/**
 * Vitest global setup: the run gets a temporary folder of its own (TMPDIR, which the test workers and the
 * processes they start inherit), and the run fails if any test left a folder in it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What tests make: `tempDirectory()` folders and whatever the code under test names after the app. */
const LEAK = /^(audio-sync-|fake-ytdlp-)/;

export function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDirectory = mkdtempSync(join(tmpdir(), 'audio-sync-run-'));
  process.env.TMPDIR = runDirectory;
  return () => {
    const left = readdirSync(runDirectory).filter((name) => LEAK.test(name));
    rmSync(runDirectory, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set by hand.
      process.stderr.write(`\nTests left ${left.length} temporary folder(s): ${left.join(', ')}\n`);
      process.exitCode = 1;
    }
  };
}
