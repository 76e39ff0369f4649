/**
 * MP3 extraction on several cores: libmp3lame is single-threaded, so segments of a seekable source are
 * encoded by concurrent ffmpeg processes and their frames joined in order into one stream, with the same
 * frames (and samples) a single encode would have. Memory is bounded by `workers` segments, not the duration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import type { AudioInput } from '../media/types.js';
import { classifyFailure, shortOutputFailure, truncationFailure } from './classify-failure.js';
import { FrameRange, type FrameFormat } from './parallel-frames.js';
import {
  LEAD_FRAMES,
  segmentArgs,
  segmentBounds,
  segmentCount,
  type SegmentBounds,
} from './parallel-plan.js';
import { StderrMonitor } from './stderr-monitor.js';
import type { Transcode, TranscodeResult } from './transcode.js';

export interface ParallelMp3Options {
  ffmpegPath: string;
  /** A URL or path ffmpeg can seek in: each segment opens it at its own start. */
  input: Extract<AudioInput, { type: 'url' }>;
  /** The source's duration, which places the segments; the last segment runs to the real end. */
  durationSeconds: number;
  /** ffmpeg processes encoding at once (one per core). */
  workers: number;
  /** About 2.9 MB of 192k MP3 per 120 s: the memory per worker. */
  segmentSeconds?: number;
  title?: string;
  artist?: string;
  onProgress?: (seconds: number) => void;
  ioTimeoutSeconds?: number;
}

export const DEFAULT_SEGMENT_SECONDS = 120;

/** One segment's ffmpeg process; its kept frames are queued until the join reaches it. */
class Segment {
  readonly frames: FrameRange;
  readonly finished: Promise<void>;
  /** The last lines ffmpeg logged for this segment. */
  readonly log: () => string[];
  #queue: Buffer[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #child: ChildProcess;

  constructor(ffmpegPath: string, args: string[], frames: FrameRange) {
    this.frames = frames;
    this.#child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const monitor = new StderrMonitor();
    this.log = () => monitor.tail();
    this.#child.stderr?.on('data', (chunk: Buffer) => monitor.push(chunk));
    frames.on('data', (chunk: Buffer) => {
      this.#queue.push(chunk);
      this.#notify();
    });
    const framesEnded = new Promise<void>((resolve, reject) => {
      frames.once('end', resolve);
      frames.once('error', reject);
    });
    this.#child.stdout?.pipe(frames);
    const exited = new Promise<void>((resolve, reject) => {
      let spawnError: NodeJS.ErrnoException | undefined;
      this.#child.once('error', (error: NodeJS.ErrnoException) => (spawnError = error));
      this.#child.once('close', (exitCode, signal) => {
        const failure = classifyFailure({ exitCode, signal, spawnError, stderrTail: monitor.tail() });
        if (failure) reject(failure);
        else resolve();
      });
    });
    this.finished = Promise.all([exited, framesEnded]).then(() => {
      if (frames.expected !== undefined && frames.kept < frames.expected) {
        throw shortOutputFailure(`a segment got ${frames.kept} of ${frames.expected} frames`, monitor.tail());
      }
    });
    this.finished.then(
      () => this.#end(),
      () => this.#end(),
    );
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

/** Same contract as `transcode()` for mp3, so `uploadRendition` takes either. */
export function parallelMp3(options: ParallelMp3Options): Transcode {
  const segmentSeconds = options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS;
  const count = segmentCount(options.durationSeconds, segmentSeconds);
  const workers = Math.max(1, Math.floor(options.workers));
  const segments: Segment[] = [];
  let format: FrameFormat | undefined;
  let head = 0;
  let outputBytes = 0;
  let framesOut = 0;
  let failure: Error | undefined;
  const killAll = () => {
    for (const segment of segments) segment.kill();
  };

  const bounds = (index: number): SegmentBounds & { index: number; segmentSeconds: number } => ({
    index,
    segmentSeconds,
    // Before the format is known only the first segment starts; `frames` then only says whether it ends early.
    ...(format
      ? segmentBounds(index, count, segmentSeconds, format)
      : { startFrame: 0, frames: count > 1 ? 0 : undefined }),
  });

  // Later segments need the frame size and rate, which the first segment's first frame tells.
  const startSegments = () => {
    while (segments.length < count && segments.length < head + workers && (format || segments.length === 0)) {
      const index = segments.length;
      const segment = bounds(index);
      const frames = new FrameRange({
        keepTag: index === 0,
        skip: index === 0 ? 0 : LEAD_FRAMES,
        keep: (known) => segmentBounds(index, count, segmentSeconds, known).frames,
        onFormat: (known) => {
          if (format) return;
          format = known;
          startSegments();
        },
      });
      const started = new Segment(options.ffmpegPath, segmentArgs(options, segment, format), frames);
      // The first failure anywhere stops every segment; the join reports that one, not the kills it caused.
      started.finished.catch((error: Error) => {
        failure ??= error;
        killAll();
      });
      segments.push(started);
    }
  };

  async function* joined(): AsyncGenerator<Buffer> {
    try {
      startSegments();
      for (head = 0; head < count; head++) {
        startSegments();
        const segment = segments[head]!;
        for await (const chunk of segment.chunks()) {
          outputBytes += chunk.length;
          yield chunk;
        }
        await segment.finished.catch((error: Error) => {
          throw failure ?? error;
        });
        framesOut += segment.frames.kept;
        const known = segment.frames.format;
        if (known) options.onProgress?.((framesOut * known.samplesPerFrame) / known.sampleRate);
      }
    } finally {
      killAll();
    }
  }

  let settle!: { resolve: (result: TranscodeResult) => void; reject: (error: Error) => void };
  const done = new Promise<TranscodeResult>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined);

  async function* checked(): AsyncGenerator<Buffer> {
    try {
      yield* joined();
      const encodedSeconds = format ? (framesOut * format.samplesPerFrame) / format.sampleRate : 0;
      const expected = options.durationSeconds;
      // The last segment runs to wherever the source ended: its log says whether the network cut it short.
      const short = truncationFailure(encodedSeconds, expected, segments.at(-1)?.log() ?? []);
      if (short) throw short;
      settle.resolve({ encodedSeconds });
    } catch (error) {
      settle.reject(error as Error);
      throw error;
    }
  }

  const output = Readable.from(checked(), { objectMode: false });
  return {
    output,
    done,
    get outputBytes() {
      return outputBytes;
    },
    kill() {
      killAll();
      output.destroy();
    },
  };
}
