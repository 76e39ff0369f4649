/** The processes of a parallel mp3 encode: the one decoder that reads the source, and each segment's encoder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { toolEnvironment } from '../media/egress/leash.js';
import { ExtractionFailed } from '../errors.js';
import type { AudioInput } from '../media/types.js';
import { classifyFailure, shortOutputFailure, type FfmpegOutcome } from './classify-failure.js';
import type { FrameRange } from './parallel-frames.js';
import { WavPcm } from './parallel-wav.js';
import { StderrMonitor } from './stderr-monitor.js';

/** Settles when the child has closed: rejects with the classified failure. */
function exitOf(child: ChildProcess, monitor: StderrMonitor, outcome: Partial<FfmpegOutcome> = {}) {
  return new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => (outcome.spawnError = error));
    child.once('close', (exitCode, signal) => {
      const failure = classifyFailure({ ...outcome, exitCode, signal, stderrTail: monitor.tail() });
      if (failure) reject(failure);
      else resolve();
    });
  });
}

/** The decoder: reads the source once, from its start, and writes it as WAV. */
export class Decoder {
  readonly pcm = new WavPcm();
  /** Settles when ffmpeg exited: SourceUnreachable, ExtractionFailed or ToolMissing when it failed. */
  readonly exited: Promise<void>;
  /** The last lines it logged: whether a short decode was a dropped connection or a short source. */
  readonly log: () => string[];
  #child: ChildProcess;
  #input: AudioInput;

  constructor(ffmpegPath: string, args: string[], input: AudioInput) {
    this.#input = input;
    const piped = input.type === 'stream';
    this.#child = spawn(ffmpegPath, args, {
      stdio: [piped ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: toolEnvironment(),
    });
    const monitor = new StderrMonitor();
    this.log = () => monitor.tail();
    const outcome: Partial<FfmpegOutcome> = {};
    this.#child.stderr?.on('data', (chunk: Buffer) => monitor.push(chunk));
    if (input.type === 'stream') {
      input.stream.on('error', (error) => {
        outcome.sourceError ??= error;
        this.#child.kill('SIGKILL');
      });
      // ffmpeg may stop reading early (it failed, or was killed): EPIPE on stdin is expected then.
      this.#child.stdin?.on('error', () => undefined);
      if (this.#child.stdin) input.stream.pipe(this.#child.stdin);
    }
    this.#child.stdout?.pipe(this.pcm);
    this.exited = exitOf(this.#child, monitor, outcome);
    this.exited.catch(() => undefined);
  }

  kill(): void {
    this.#child.kill('SIGKILL');
    if (this.#input.type === 'stream') this.#input.stream.destroy();
  }
}

/** One segment's encoder: PCM in on stdin, its kept frames queued until the join reaches it. */
export class SegmentEncoder {
  readonly frames: FrameRange;
  readonly finished: Promise<void>;
  #queue: Buffer[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #child: ChildProcess;

  /** `sourceLog` is the decoder's: a segment fed fewer samples than planned is judged by it. */
  constructor(ffmpegPath: string, args: string[], frames: FrameRange, sourceLog: () => string[]) {
    this.frames = frames;
    this.#child = spawn(ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const monitor = new StderrMonitor();
    this.#child.stderr?.on('data', (chunk: Buffer) => monitor.push(chunk));
    // An encoder that died stops reading: its exit status reports why, not the EPIPE.
    this.#child.stdin?.on('error', () => undefined);
    frames.on('data', (chunk: Buffer) => {
      this.#queue.push(chunk);
      this.#notify();
    });
    const framesEnded = new Promise<void>((resolve, reject) => {
      frames.once('end', resolve);
      frames.once('error', (error: Error) =>
        reject(
          new ExtractionFailed(`A segment's MP3 output was unusable: ${error.message}`, { cause: error }),
        ),
      );
    });
    this.#child.stdout?.pipe(frames);
    this.finished = Promise.all([exitOf(this.#child, monitor), framesEnded]).then(() => {
      if (frames.expected !== undefined && frames.kept < frames.expected) {
        throw shortOutputFailure(`a segment got ${frames.kept} of ${frames.expected} frames`, sourceLog());
      }
    });
    this.finished.then(
      () => this.#end(),
      () => this.#end(),
    );
  }

  /** PCM for the encoder; buffered in memory while it is busy (the caller bounds how far ahead it writes). */
  write(pcm: Buffer): void {
    this.#child.stdin?.write(pcm);
  }

  endInput(): void {
    this.#child.stdin?.end();
  }

  /** The kept frames as they come, until the segment's output ended. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = this.#queue.shift();
      if (chunk) yield chunk;
      else if (this.#ended) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #end(): void {
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
