import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionFailed } from '../../../functions/shared/errors.js';
import { encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { FrameRange } from '../../../functions/shared/ffmpeg/parallel-frames.js';
import { parallelMp3 } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import { segmentBounds, segmentCount } from '../../../functions/shared/ffmpeg/parallel-plan.js';
import {
  generateClip,
  probeDuration,
  probeTags,
  startMediaServer,
  tempDirectory,
  type MediaServer,
} from '../../support/media.js';

const run = promisify(execFile);
const FORMAT = { sampleRate: 44100, samplesPerFrame: 1152 };
// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames.
const HEADER = Buffer.from([0xff, 0xfb, 0x90, 0x64]);

function syntheticFrame(index: number): Buffer {
  const frame = Buffer.alloc(417, index);
  HEADER.copy(frame);
  return frame;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Left-channel samples of an MP3 decoded by ffmpeg. */
async function decodeLeft(path: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '2', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
  return samples.filter((_, index) => index % 2 === 0);
}

describe('FrameRange', () => {
  it('passes the ID3 tag on, then keeps exactly the requested frames, however the bytes are chunked', async () => {
    const tag = Buffer.concat([
      Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x05', 'latin1'),
      Buffer.from('abcde'),
    ]);
    const frames = Array.from({ length: 8 }, (_, index) => syntheticFrame(index + 1));
    const bitstream = Buffer.concat([tag, ...frames]);
    const chunks = Array.from({ length: Math.ceil(bitstream.length / 7) }, (_, i) =>
      bitstream.subarray(i * 7, i * 7 + 7),
    );
    const range = new FrameRange({ keepTag: true, skip: 2, keep: () => 3 });
    const output = await collect(Readable.from(chunks).pipe(range));
    expect(output).toEqual(Buffer.concat([tag, ...frames.slice(2, 5)]));
    expect(range.kept).toBe(3);
    expect(range.format).toEqual(FORMAT);
  });

  it('fails on bytes that are not an MP3 frame', async () => {
    const range = new FrameRange({ keepTag: false, skip: 0, keep: () => undefined });
    await expect(
      collect(Readable.from([syntheticFrame(1), Buffer.alloc(500, 0x41)]).pipe(range)),
    ).rejects.toThrow(/No MP3 frame header after 1 frames/);
  });
});

describe('segment plan', () => {
  it('tiles the frames without gap or overlap, the last segment open to the end of the source', () => {
    const count = segmentCount(1800, 120);
    const bounds = Array.from({ length: count }, (_, index) => segmentBounds(index, count, 120, FORMAT));
    expect(count).toBe(15);
    expect(bounds[0]!.startFrame).toBe(0);
    for (let index = 1; index < count; index++) {
      expect(bounds[index]!.startFrame).toBe(bounds[index - 1]!.startFrame + bounds[index - 1]!.frames!);
    }
    expect(bounds.at(-1)!.frames).toBeUndefined();
  });
});

describe('parallelMp3', () => {
  let directory: string;
  let server: MediaServer;
  let url: string;
  let single: Int16Array;
  const seconds = 41;

  beforeAll(async () => {
    directory = tempDirectory('parallel-mp3-');
    const clip = await generateClip({ seconds, directory, title: 'Seams', artist: 'Tester' });
    server = await startMediaServer();
    server.serveFile('/clip.m4a', clip, 'audio/mp4');
    url = server.url('/clip.m4a');
    const reference = join(directory, 'single.mp3');
    const args = encoderArgs({ format: 'mp3' });
    await run('ffmpeg', ['-v', 'error', '-i', clip, ...args.slice(0, -1), '-reservoir', '0', reference]);
    single = await decodeLeft(reference);
  });

  afterAll(async () => {
    await server.close();
  });

  it('joins five segments encoded by two workers into the samples of a single encode, with no seam', async () => {
    const output = join(directory, 'joined.mp3');
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url },
      durationSeconds: seconds,
      workers: 2,
      segmentSeconds: 8,
      title: 'Seams',
      artist: 'Tester',
    });
    await pipeline(running.output, createWriteStream(output));
    const { encodedSeconds } = await running.done;
    const joined = await decodeLeft(output);

    expect(Math.abs(joined.length - single.length)).toBeLessThanOrEqual(1152);
    expect(Math.abs((await probeDuration(output)) - seconds)).toBeLessThan(0.05);
    expect(Math.abs(encodedSeconds - seconds)).toBeLessThan(0.05);
    // Same frames as one encode: only quantisation noise differs (a one-sample shift of the 440 Hz tone is ~400).
    const seam = (frame: number) => frame * 1152;
    const seams = [1, 2, 3, 4].map((index) => seam(segmentBounds(index, 5, 8, FORMAT).startFrame));
    let largest = 0;
    let largestNearSeam = 0;
    for (let index = 0; index < single.length; index++) {
      const difference = Math.abs(joined[index]! - single[index]!);
      largest = Math.max(largest, difference);
      if (seams.some((at) => Math.abs(index - at) < 2304))
        largestNearSeam = Math.max(largestNearSeam, difference);
    }
    expect(largest).toBeLessThan(100);
    expect(largestNearSeam).toBeLessThan(100);
    // No click: no step between neighbouring samples larger than the tone itself makes.
    const steepest = (samples: Int16Array) =>
      samples.reduce(
        (max, value, index) => (index ? Math.max(max, Math.abs(value - samples[index - 1]!)) : max),
        0,
      );
    expect(steepest(joined)).toBeLessThanOrEqual(steepest(single) + 20);
    expect(await probeTags(output)).toMatchObject({ title: 'Seams', artist: 'Tester' });
    expect(running.outputBytes).toBeGreaterThan(0);
  });

  // The whole file was read without a network fault: it holds less audio than announced, which no retry fixes.
  it('fails with ExtractionFailed when the source ends long before its announced duration', async () => {
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url },
      durationSeconds: 90,
      workers: 2,
      segmentSeconds: 10,
    });
    await expect(collect(running.output)).rejects.toBeInstanceOf(ExtractionFailed);
    await expect(running.done).rejects.toThrow(/corrupt or cut short/);
  });
});
