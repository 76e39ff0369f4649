/** A private temporary folder for one ffmpeg run's side files (its ffmetadata input, a seekable output). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class ScratchDir {
  readonly path = mkdtempSync(join(tmpdir(), 'audio-sync-ffmpeg-'));

  file(name: string): string {
    return join(this.path, name);
  }

  /** Idempotent: called when the output closed, whether it ended, failed or was destroyed. */
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
