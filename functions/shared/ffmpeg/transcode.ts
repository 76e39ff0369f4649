/**
 * Runs ffmpeg on an audio input and exposes the encoded rendition as a stream that ends only when
 * ffmpeg succeeded with the whole input, so a consumer (an S3 upload) never completes a broken file.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { toolEnvironment } from '../media/egress/leash.js';
import type { AudioInput } from '../media/types.js';
import { classifyFailure, truncationFailure, type FfmpegOutcome } from './classify-failure.js';
import { encoderArgs, needsSeekableOutput, type EncoderOptions } from './encoder-args.js';
import { durationCapArgs, inputArgs, outputSeekArgs, outputSeekOffset, outputTooLong } from './input-args.js';
import { localInputs, needsMetadataFile, type LocalInputs } from './local-inputs.js';
import { ScratchDir } from './scratch-dir.js';
import { StderrMonitor } from './stderr-monitor.js';

export interface TranscodeOptions extends EncoderOptions {
  ffmpegPath: string;
  input: AudioInput;
  /**
   * The rendition's duration, the TRIMMED length when `trim` is set: output that stops well short of it
   * means the source broke off or is corrupt. Also where the last chapter ends.
   */
  expectedDurationSeconds?: number;
  /** Called with the seconds of audio encoded so far (of the trimmed output: it starts at 0). */
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

export { durationCapArgs, durationMargin, inputArgs, outputTooLong } from './input-args.js';

/**
 * Starts ffmpeg. The output streams from ffmpeg's stdout as it encodes, or, for a format that needs a
 * seekable file (needsSeekableOutput: a VBR mp3's Xing header, an m4a's covr, an mp3's large ID3 tag),
 * from a file in a private temporary folder once ffmpeg succeeded; the folder (also home to the
 * ffmetadata input) is removed when the output closes. Throws at once when `coverArtPath` is unreadable
 * or, for Ogg, not a JPEG.
 */
export function transcode(options: TranscodeOptions): Transcode {
  const { input } = options;
  const seekable = needsSeekableOutput(options);
  const scratch = seekable || needsMetadataFile(options) ? new ScratchDir() : undefined;
  let local: LocalInputs;
  try {
    local = localInputs(
      options,
      scratch,
      options.expectedDurationSeconds,
      outputSeekOffset(input, options.trim),
    );
  } catch (error) {
    scratch?.remove();
    throw error;
  }
  const destination = seekable ? scratch!.file(`output.${options.format}`) : 'pipe:1';
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
    ...inputArgs(input, options.ioTimeoutSeconds, options.trim?.startSeconds),
    ...local.args,
    ...outputSeekArgs(input, options.trim?.startSeconds),
    ...durationCapArgs(options.maxDurationSeconds, options.trim),
    ...encoderArgs(options, { ...local.layout, destination }),
  ];

  const child = spawn(options.ffmpegPath, args, {
    stdio: [input.type === 'stream' ? 'pipe' : 'ignore', seekable ? 'ignore' : 'pipe', 'pipe'],
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
  let spooled: Readable | undefined;
  if (scratch) output.once('close', () => scratch.remove());
  if (seekable) {
    done.then(
      () => {
        if (output.destroyed) return;
        spooled = createReadStream(destination);
        spooled.once('error', (error) => output.destroy(error));
        spooled.pipe(output);
      },
      () => undefined,
    );
  } else {
    child.stdout?.pipe(output);
  }
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
      spooled?.destroy();
      if (input.type === 'stream') input.stream.destroy();
    },
  };
}
