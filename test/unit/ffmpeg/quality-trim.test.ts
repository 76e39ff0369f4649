import { execFile } from 'node:child_process';
import { probeMedia } from '../../support/probe-media.js';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MP3_QUALITIES } from '../../../functions/shared/contract/audio-options.js';
import { encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { durationCapArgs } from '../../../functions/shared/ffmpeg/input-args.js';
import { parallelMp3 } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import { transcode, type Transcode } from '../../../functions/shared/ffmpeg/transcode.js';
import type { AudioInput } from '../../../functions/shared/media/types.js';
import {
  probeAudioCodec,
  probeDuration,
  LIKE_THE_PARALLEL_ENCODER,
  ownTmpdir,
  scratchFolders,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../../support/media.js';

const run = promisify(execFile);
/**
 * A sweep, quiet (-60 dB) for 5 s and loud after: where the "silence" ends in a trimmed file shows where the
 * trim began, and the quiet part still fills WebM clusters as real audio does.
 */
const SOURCE = [200, 300]
  .map((hz) => `(0.001+0.5*gt(t\\,5))*sin(2*PI*(${hz}*t+20*t*t))`)
  .join('|')
  .replace(/^/, 'aevalsrc=');
const SECONDS = 20;
const TRIM = { startSeconds: 4, endSeconds: 12 };

let directory: string;
let server: MediaServer;
const path = (name: string) => join(directory, name);

async function make(name: string, rate: number, args: string[]): Promise<string> {
  await run('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `${SOURCE}:s=${rate}:d=${SECONDS}`,
    ...args,
    path(name),
  ]);
  return path(name);
}

let restoreTmpdir: () => void;

beforeAll(async () => {
  // The scratch-folder checks look only at what this file's encodes left behind.
  restoreTmpdir = ownTmpdir();
  directory = tempDirectory('quality-trim-');
  server = await startMediaServer();
  await Promise.all([
    make('source.m4a', 44100, ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart']),
    // What YouTube pipes: WebM/Opus (itag 251) and fragmented MP4/AAC (itag 140).
    make('source.webm', 48000, ['-c:a', 'libopus', '-b:a', '128k']),
    make('fragmented.m4a', 44100, ['-c:a', 'aac', '-b:a', '128k', '-movflags', 'frag_keyframe+empty_moov']),
  ]);
  server.serveFile('/source.m4a', path('source.m4a'), 'audio/mp4');
});
afterAll(async () => {
  await server.close();
  restoreTmpdir();
});

async function drain(running: Transcode, name: string): Promise<string> {
  await pipeline(running.output, createWriteStream(path(name)));
  return path(name);
}

/** The first audio stream's bit rate and the file's duration, by ffprobe. */
async function probe(file: string): Promise<{ bit_rate?: string; duration: string }> {
  const { format, streams } = await probeMedia(file);
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  return { bit_rate: audio?.bit_rate, duration: format.duration };
}

/** Seconds into the file where the first silence ends (the sweep begins). */
async function soundStartsAt(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-i',
    file,
    '-af',
    'silencedetect=n=-50dB:d=0.3',
    '-f',
    'null',
    '-',
  ]);
  return Number(/silence_end: ([\d.]+)/.exec(stderr)?.[1]);
}

const url = (): AudioInput => ({ type: 'url', url: server.url('/source.m4a') });
const piped = (name: string, container: string): AudioInput => ({
  type: 'stream',
  stream: createReadStream(path(name)),
  container,
});

describe('mp3 quality', () => {
  it.each(['128', '192', '256', '320'] as const)('encodes %s as constant kbit/s', async (quality) => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'mp3',
      quality,
      expectedDurationSeconds: SECONDS,
    });
    const file = await drain(running, `cbr-${quality}.mp3`);
    const info = await probe(file);
    expect(Number(info.bit_rate)).toBe(Number(quality) * 1000);
    expect(Math.abs(Number(info.duration) - SECONDS)).toBeLessThan(0.1);
  });

  it.each(['V0', 'V2'] as const)(
    'encodes %s as LAME VBR with a Xing header, so its duration is right',
    async (quality) => {
      expect(encoderArgs({ format: 'mp3', quality })).toEqual(
        expect.arrayContaining(['-q:a', quality.slice(1)]),
      );
      const running = transcode({
        ffmpegPath: 'ffmpeg',
        input: url(),
        format: 'mp3',
        quality,
        expectedDurationSeconds: SECONDS,
      });
      const file = await drain(running, `vbr-${quality}.mp3`);
      const bytes = readFileSync(file);
      // LAME writes "Xing" in a VBR stream's first frame ("Info" in a CBR one).
      expect(bytes.subarray(0, 4096).includes('Xing')).toBe(true);
      expect(Math.abs((await probeDuration(file)) - SECONDS)).toBeLessThan(0.1);
      expect((await running.done).encodedSeconds).toBeGreaterThan(SECONDS - 0.1);
      expect(running.outputBytes).toBe(bytes.length);
      // The temporary file the header was written into is gone once the output closed.
      expect(scratchFolders()).toEqual([]);
    },
  );

  it('knows each quality of the contract', () => {
    for (const quality of MP3_QUALITIES) expect(() => encoderArgs({ format: 'mp3', quality })).not.toThrow();
  });

  it('removes the temporary file when a VBR encode fails', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url: path('missing.m4a') },
      format: 'mp3',
      quality: 'V2',
    });
    await expect(drain(running, 'failed.mp3')).rejects.toMatchObject({ name: 'ExtractionFailed' });
    expect(scratchFolders()).toEqual([]);
  });
});

describe('trim', () => {
  const kept = TRIM.endSeconds - TRIM.startSeconds;

  it('holds the output to the trim, or to the limit when that is shorter', () => {
    expect(durationCapArgs(undefined, TRIM)).toEqual(['-t', '8']);
    expect(durationCapArgs(600, TRIM)).toEqual(['-t', '8']);
    expect(durationCapArgs(600, { startSeconds: 30 })).toEqual(['-t', '612']);
    expect(durationCapArgs(undefined, { startSeconds: 30 })).toEqual([]);
  });

  it('keeps exactly [start, end) of a url source, seeking by range, with progress in trimmed seconds', async () => {
    const progress: number[] = [];
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'mp3',
      trim: TRIM,
      expectedDurationSeconds: kept,
      onProgress: (seconds) => progress.push(seconds),
    });
    const file = await drain(running, 'trim-url.mp3');
    expect(Math.abs((await probeDuration(file)) - kept)).toBeLessThan(0.1);
    // The sweep starts 5 s into the source: 1 s into a trim from 4 s.
    expect(Math.abs((await soundStartsAt(file)) - 1)).toBeLessThan(0.1);
    expect(Math.max(...progress)).toBeLessThan(kept + 0.1);
    expect((await running.done).encodedSeconds).toBeGreaterThan(kept - 0.1);
  });

  it.each([
    { source: 'source.webm', container: 'webm', format: 'opus', codec: 'opus' },
    { source: 'fragmented.m4a', container: 'mp4', format: 'm4a', codec: 'aac' },
    { source: 'source.webm', container: 'webm', format: 'm4a', codec: undefined },
    { source: 'fragmented.m4a', container: 'mp4', format: 'opus', codec: undefined },
    { source: 'source.webm', container: 'webm', format: 'mp3', codec: undefined },
  ] as const)(
    'trims a piped $container stream to $format (source codec $codec: copied when it matches)',
    async ({ source, container, format, codec }) => {
      const running = transcode({
        ffmpegPath: 'ffmpeg',
        input: piped(source, container),
        format,
        sourceCodec: codec,
        trim: TRIM,
        expectedDurationSeconds: kept,
      });
      const file = await drain(running, `trim-${source}.${format}`);
      expect(Math.abs((await probeDuration(file)) - kept)).toBeLessThan(0.1);
      expect(Math.abs((await soundStartsAt(file)) - 1)).toBeLessThan(0.1);
      // A decode of the whole file, not just its header: no packet from before the start with a negative time.
      await run('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-']);
      expect(await probeAudioCodec(file)).toBe(format === 'm4a' ? 'aac' : format);
    },
  );

  it('trims only the start when no end is given', async () => {
    const running = transcode({
      ffmpegPath: 'ffmpeg',
      input: url(),
      format: 'opus',
      trim: { startSeconds: 15 },
      expectedDurationSeconds: 5,
    });
    const file = await drain(running, 'trim-start.opus');
    expect(Math.abs((await probeDuration(file)) - 5)).toBeLessThan(0.1);
  });
});

describe('parallelMp3 with quality and trim', () => {
  /** One ffmpeg with the same trim and recipe, fed and encoding as the parallel encoder's. */
  async function single(source: string, quality: '320' | '128', name: string): Promise<Buffer> {
    const args = encoderArgs({ format: 'mp3', quality });
    await run('ffmpeg', [
      '-v',
      'error',
      // A piped source is decoded from its start and cut at 4 s (an output -ss), as the parallel decoder does.
      '-i',
      path(source),
      '-ss',
      '4',
      '-t',
      '8',
      ...args.slice(0, -1),
      ...LIKE_THE_PARALLEL_ENCODER,
      path(name),
    ]);
    return readFileSync(path(name));
  }

  it.each([
    { source: 'source.webm', container: 'webm', quality: '320' },
    { source: 'fragmented.m4a', container: 'mp4', quality: '128' },
  ] as const)(
    'plans the segments over the trimmed range of a piped $container stream at $quality kbit/s: the bytes of one encode',
    async ({ source, container, quality }) => {
      const running = parallelMp3({
        ffmpegPath: 'ffmpeg',
        input: piped(source, container),
        durationSeconds: kept(),
        workers: 2,
        segmentSeconds: 2,
        quality,
        trim: TRIM,
      });
      const file = await drain(running, `parallel-${quality}.mp3`);
      expect(readFileSync(file).equals(await single(source, quality, `single-${quality}.mp3`))).toBe(true);
      expect(Math.abs((await probeDuration(file)) - kept())).toBeLessThan(0.1);
      const info = await probe(file);
      expect(Number(info.bit_rate)).toBe(Number(quality) * 1000);
    },
  );

  it('hands a VBR quality to one ffmpeg, whose file carries the Xing header', async () => {
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: url(),
      durationSeconds: kept(),
      workers: 2,
      segmentSeconds: 2,
      quality: 'V0',
      trim: TRIM,
    });
    const file = await drain(running, 'parallel-v0.mp3');
    expect(readFileSync(file).subarray(0, 4096).includes('Xing')).toBe(true);
    expect(Math.abs((await probeDuration(file)) - kept())).toBeLessThan(0.1);
  });

  const kept = () => TRIM.endSeconds - TRIM.startSeconds;
});
