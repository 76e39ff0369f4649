/**
 * The ID3v2 tag of a parallel mp3 (title, artist, APIC cover, CHAP/CTOC chapters), made up front by a
 * short ffmpeg run into a seekable file: on the pipe the segments write to, a tag larger than ffmpeg's
 * output buffer keeps a size of 0, which hides it from every reader. The joined frames follow it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toolEnvironment } from '../media/egress/leash.js';
import { classifyFailure } from './classify-failure.js';
import { encoderArgs, type EncoderOptions } from './encoder-args.js';
import { localInputs } from './local-inputs.js';
import { id3v2Length } from './parallel-frames.js';
import { ScratchDir } from './scratch-dir.js';
import { StderrMonitor } from './stderr-monitor.js';

/** One frame of silence: the mp3 muxer writes its tag only around some audio. */
const PLACEHOLDER_PCM = Buffer.alloc(1152 * 2 * 2);

export type TagOptions = Pick<EncoderOptions, 'title' | 'artist' | 'coverArtPath' | 'chapters' | 'trim'>;

/** True when the tag needs more than ffmpeg can write on a pipe (a picture, chapters). */
export function needsSeparateTag(options: TagOptions): boolean {
  return options.coverArtPath !== undefined || (options.chapters?.length ?? 0) > 0;
}

/** The tag's bytes; `lengthSeconds` is the output's (trimmed) length, where the last chapter ends. */
export async function id3Tag(
  ffmpegPath: string,
  options: TagOptions,
  lengthSeconds: number,
): Promise<Buffer> {
  const scratch = new ScratchDir();
  try {
    const encoder: EncoderOptions = { ...options, format: 'mp3' };
    const local = localInputs(encoder, scratch, lengthSeconds);
    const file = scratch.file('tag.mp3');
    const args = [
      ...['-hide_banner', '-nostats', '-loglevel', 'warning'],
      ...['-f', 's16le', '-ar', '44100', '-ac', '2', '-i', 'pipe:0'],
      ...local.args,
      ...encoderArgs(encoder, { ...local.layout, destination: file }),
    ];
    const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'], env: toolEnvironment() });
    const monitor = new StderrMonitor();
    child.stderr.on('data', (chunk: Buffer) => monitor.push(chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(PLACEHOLDER_PCM);
    await new Promise<void>((resolve, reject) => {
      let spawnError: NodeJS.ErrnoException | undefined;
      child.once('error', (error: NodeJS.ErrnoException) => (spawnError = error));
      child.once('close', (exitCode, signal) => {
        const failure = classifyFailure({ exitCode, signal, spawnError, stderrTail: monitor.tail() });
        if (failure) reject(failure);
        else resolve();
      });
    });
    const bytes = readFileSync(file);
    return Buffer.from(bytes.subarray(0, id3v2Length(bytes) ?? 0));
  } finally {
    scratch.remove();
  }
}
