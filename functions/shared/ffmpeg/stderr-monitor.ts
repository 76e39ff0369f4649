/**
 * Reads ffmpeg's stderr, where `-progress pipe:2` interleaves `key=value` progress lines with log lines:
 * tracks the seconds encoded and keeps only a bounded tail of log lines, so memory stays flat.
 */

const PROGRESS_LINE = /^[a-z0-9_]+=\S*$/;
const MAX_TAIL_LINES = 20;
const MAX_LINE_LENGTH = 500;
/** A line longer than this without a newline is not ffmpeg output worth keeping whole. */
const MAX_PENDING = 4096;

export class StderrMonitor {
  #pending = '';
  #tail: string[] = [];
  #encodedSeconds = 0;

  constructor(private readonly onProgress?: (seconds: number) => void) {}

  /** Seconds of audio written so far, from the latest `out_time_us`. */
  get encodedSeconds(): number {
    return this.#encodedSeconds;
  }

  /** The last log lines (progress lines excluded), oldest first; includes an unterminated last line. */
  tail(): string[] {
    const last = this.#pending.trim();
    return last ? [...this.#tail, last.slice(0, MAX_LINE_LENGTH)] : [...this.#tail];
  }

  push(chunk: Buffer | string): void {
    const lines = (this.#pending + chunk.toString()).split(/\r?\n|\r/);
    this.#pending = (lines.pop() ?? '').slice(-MAX_PENDING);
    for (const line of lines) this.#line(line.trim());
  }

  #line(line: string): void {
    if (!line) return;
    if (!PROGRESS_LINE.test(line)) {
      this.#tail.push(line.slice(0, MAX_LINE_LENGTH));
      if (this.#tail.length > MAX_TAIL_LINES) this.#tail.shift();
      return;
    }
    // ffmpeg 5 reports out_time_ms in microseconds too; out_time_us is the unambiguous one.
    const match = /^out_time_us=(\d+)$/.exec(line);
    if (!match) return;
    const seconds = Number(match[1]) / 1_000_000;
    if (seconds > this.#encodedSeconds) {
      this.#encodedSeconds = seconds;
      this.onProgress?.(seconds);
    }
  }
}
