/**
 * Runs ffmpeg on an audio input and exposes the encoded rendition as a stream that ends only when
 * ffmpeg succeeded with the whole input, so a consumer (an S3 upload) never completes a broken file.
 */
import { spawn } from 'node:child_process';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { VideoTooLong } from '../errors.js';
import {
  FILE_PROTOCOLS,
  HTTP_PROTOCOLS,
  leashArgs,
  PIPE_PROTOCOLS,
  toolEnvironment,
} from '../media/egress/leash.js';
import type { AudioInput } from '../media/types.js';
import { classifyFailure, truncationFailure, type FfmpegOutcome } from './classify-failure.js';
import { encoderArgs, type EncoderOptions } from './encoder-args.js';
import { StderrMonitor } from './stderr-monitor.js';

export interface TranscodeOptions extends EncoderOptions {
  ffmpegPath: string;
  input: AudioInput;
  /** The source's duration: output that stops well short of it means the source broke off or is corrupt. */
  expectedDurationSeconds?: number;
  /** Called with the seconds of audio encoded so far. */
  onProgress?: (seconds: number) => void;
  /** Network read/write timeout for URL inputs. */
  ioTimeoutSeconds?: number;
  /** MAX_DURATION_SECONDS: output stops a margin past it, and output that reaches the cap is refused. */
  maxDurationSeconds?: number;
}

export interface TranscodeResult {
  /** Seconds of audio ffmpeg wrote. */
  encodedSeconds: number;
}

export interface Transcode {
  /** The encoded audio: errors with the classified failure instead of ending when anything went wrong. */
  output: Readable;
  /** Settles when ffmpeg has exited: the result, or SourceUnreachable / ExtractionFailed / ToolMissing. */
  done: Promise<TranscodeResult>;
  /** Bytes of encoded audio that have passed through `output` so far. */
  readonly outputBytes: number;
  /** Stops ffmpeg and the source (the consumer failed). */
  kill(): void;
}

export { truncationTolerance } from './classify-failure.js';

/** Output past the limit that is still accepted: rounding, and a source a little longer than it said. */
export function durationMargin(maxSeconds: number): number {
  return Math.max(5, maxSeconds * 0.02);
}

/** `-t` for the output: the limit plus its margin. */
export function durationCapArgs(maxSeconds: number | undefined): string[] {
  return maxSeconds ? ['-t', String(maxSeconds + durationMargin(maxSeconds))] : [];
}

/** VideoTooLong when ffmpeg stopped at the cap: the source was longer than its header said. */
export function outputTooLong(
  encodedSeconds: number,
  maxSeconds: number | undefined,
): VideoTooLong | undefined {
  if (!maxSeconds || encodedSeconds < maxSeconds + durationMargin(maxSeconds) - 0.5) return undefined;
  return new VideoTooLong(
    `The audio runs past the ${Math.round(maxSeconds / 60)}-minute limit, although the file claimed to be shorter.`,
  );
}

/** The input options: the leash (protocols, demuxers, the door) first, then reconnects and headers. */
export function inputArgs(input: AudioInput, ioTimeoutSeconds = 30): string[] {
  if (input.type === 'stream') return [...leashArgs(PIPE_PROTOCOLS), '-i', 'pipe:0'];
  const http = /^https?:/i.test(input.url);
  const args = leashArgs(http ? HTTP_PROTOCOLS : FILE_PROTOCOLS, input.door?.url, input.demuxer);
  if (http) {
    // Resume with a Range request after a drop. Not -reconnect_streamed: on a server without ranges it
    // re-reads from byte 0 and splices the start into the middle of the audio (seen with ffmpeg 5.1).
    args.push('-reconnect', '1', '-reconnect_delay_max', '2');
    args.push('-rw_timeout', String(ioTimeoutSeconds * 1_000_000));
    const headers = Object.entries(input.headers ?? {});
    if (headers.length) args.push('-headers', headers.map(([key, value]) => `${key}: ${value}\r\n`).join(''));
  }
  return [...args, '-i', input.url];
}

export function transcode(options: TranscodeOptions): Transcode {
  const { input } = options;
  const args = [
    '-hide_banner',
    // A piped source arrives on stdin; otherwise ffmpeg must not wait on it.
    ...(input.type === 'stream' ? [] : ['-nostdin']),
    '-nostats',
    // Warnings too: "Stream ends prematurely" and reconnect notices explain a broken source.
    '-loglevel',
    'warning',
    '-progress',
    'pipe:2',
    ...inputArgs(input, options.ioTimeoutSeconds),
    ...durationCapArgs(options.maxDurationSeconds),
    ...encoderArgs(options),
  ];

  const child = spawn(options.ffmpegPath, args, {
    stdio: [input.type === 'stream' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: toolEnvironment(),
  });
  const monitor = new StderrMonitor(options.onProgress);
  const outcome: FfmpegOutcome = { exitCode: null, signal: null, stderrTail: [] };
  child.stderr?.on('data', (chunk: Buffer) => monitor.push(chunk));

  if (input.type === 'stream') {
    const source = input.stream;
    source.on('error', (error) => {
      outcome.sourceError ??= error;
      child.kill('SIGKILL');
    });
    // ffmpeg may stop reading early (it failed, or was killed): EPIPE on stdin is expected then.
    child.stdin?.on('error', () => undefined);
    if (child.stdin) source.pipe(child.stdin);
  }

  const done = new Promise<TranscodeResult>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      outcome.spawnError = error;
    });
    child.once('close', (exitCode, signal) => {
      if (input.type === 'stream') input.stream.destroy();
      const door = input.type === 'url' ? input.door : undefined;
      void door?.close();
      // The door's refusal (an address, the byte cap, the deadline) is the reason; ffmpeg only saw a dropped link.
      if (door?.failure) return reject(door.failure);
      const stderrTail = monitor.tail();
      const { encodedSeconds } = monitor;
      const failure =
        classifyFailure({ ...outcome, exitCode, signal, stderrTail }) ??
        outputTooLong(encodedSeconds, options.maxDurationSeconds) ??
        truncationFailure(encodedSeconds, options.expectedDurationSeconds, stderrTail);
      if (failure) return reject(failure);
      resolve({ encodedSeconds });
    });
  });
  // The output stream reports the failure to its consumer; this keeps an unobserved `done` quiet.
  done.catch(() => undefined);

  let outputBytes = 0;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      outputBytes += chunk.length;
      callback(null, chunk);
    },
    // End the output only once ffmpeg's exit has been judged: a failed run errors the stream instead.
    flush(callback: TransformCallback) {
      done.then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
  });
  child.stdout?.pipe(output);
  done.catch((error: Error) => {
    if (!output.destroyed && !output.writableEnded) output.destroy(error);
  });

  return {
    output,
    done,
    get outputBytes() {
      return outputBytes;
    },
    kill() {
      child.kill('SIGKILL');
      if (input.type === 'stream') input.stream.destroy();
    },
  };
}
