/** Decodes the first seconds of an audio input with ffmpeg, as extract would read it, and says how many it got. */
import { spawn } from 'node:child_process';
import { classifyFailure, type FfmpegOutcome } from '../shared/ffmpeg/classify-failure.js';
import { StderrMonitor } from '../shared/ffmpeg/stderr-monitor.js';
import { inputArgs } from '../shared/ffmpeg/transcode.js';
import type { AudioInput } from '../shared/media/types.js';

/** 8 kHz mono 16-bit: enough to prove the audio decodes, small enough to count and throw away. */
const RATE = 8000;

/** The seconds of audio decoded (at most `seconds`); rejects with the classified ffmpeg failure. */
export function sampleAudio(ffmpegPath: string, input: AudioInput, seconds: number): Promise<number> {
  const args = [
    '-hide_banner',
    ...(input.type === 'stream' ? [] : ['-nostdin']),
    '-nostats',
    '-loglevel',
    'warning',
    ...inputArgs(input),
    '-t',
    String(seconds),
    '-vn',
    '-map',
    '0:a:0',
    '-ac',
    '1',
    '-ar',
    String(RATE),
    '-f',
    's16le',
    'pipe:1',
  ];
  const child = spawn(ffmpegPath, args, {
    stdio: [input.type === 'stream' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const monitor = new StderrMonitor();
  const outcome: Partial<FfmpegOutcome> = {};
  let bytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => (bytes += chunk.length));
  child.stderr?.on('data', (chunk: Buffer) => monitor.push(chunk));
  if (input.type === 'stream') {
    input.stream.on('error', (error) => (outcome.sourceError ??= error));
    // ffmpeg stops reading once it has its seconds: the rest of the download is not needed.
    child.stdin?.on('error', () => undefined);
    if (child.stdin) input.stream.pipe(child.stdin);
  }
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => (outcome.spawnError = error));
    child.once('close', (exitCode, signal) => {
      if (input.type === 'stream') input.stream.destroy();
      const failure = classifyFailure({ ...outcome, exitCode, signal, stderrTail: monitor.tail() });
      if (failure) reject(failure);
      else resolve(bytes / 2 / RATE);
    });
  });
}
