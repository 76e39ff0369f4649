import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionFailed, SourceUnreachable } from '../../../functions/shared/errors.js';
import { encoderArgs } from '../../../functions/shared/ffmpeg/encoder-args.js';
import { FrameRange } from '../../../functions/shared/ffmpeg/parallel-frames.js';
import { parallelMp3 } from '../../../functions/shared/ffmpeg/parallel-mp3.js';
import {
  LEAD_FRAMES,
  paddingPeriod,
  segmentBounds,
  segmentCount,
  segmentPlan,
} from '../../../functions/shared/ffmpeg/parallel-plan.js';
import { WavPcm } from '../../../functions/shared/ffmpeg/parallel-wav.js';
import type { AudioInput } from '../../../functions/shared/media/types.js';
import {
  LIKE_THE_PARALLEL_ENCODER,
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
    const range = new FrameRange({ keepTag: true, skip: 2, keep: 3 });
    const output = await collect(Readable.from(chunks).pipe(range));
    expect(output).toEqual(Buffer.concat([tag, ...frames.slice(2, 5)]));
    expect(range.kept).toBe(3);
    expect(range.format).toEqual(FORMAT);
  });

  it('fails on bytes that are not an MP3 frame', async () => {
    const range = new FrameRange({ keepTag: false, skip: 0, keep: undefined });
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
      // Within a padding period of the nominal boundary.
      expect(Math.abs(bounds[index]!.startFrame - (index * 120 * 44100) / 1152)).toBeLessThan(49);
    }
    expect(bounds.at(-1)!.frames).toBeUndefined();
  });

  it('makes the segments whole rounds of the workers, so no encoder finishes the job alone', () => {
    expect(segmentPlan(1800, 120, 1)).toEqual({ count: 15, seconds: 120 });
    expect(segmentPlan(1800, 120, 2)).toEqual({ count: 16, seconds: 112.5 });
    expect(segmentPlan(420, 120, 2)).toEqual({ count: 4, seconds: 105 });
    expect(segmentPlan(1800, 120, 4)).toEqual({ count: 16, seconds: 112.5 });
    // Fewer segments than workers: each of them has a core already.
    expect(segmentPlan(300, 120, 2)).toEqual({ count: 2, seconds: 120 });
    expect(segmentPlan(300, 120, 4)).toEqual({ count: 2, seconds: 120 });
    const { count, seconds } = segmentPlan(1800, 120, 2);
    const last = segmentBounds(count - 1, count, seconds, FORMAT);
    // The last segment starts a segment before the end, not past it.
    expect(Math.abs(last.startFrame - ((1800 - seconds) * 44100) / 1152)).toBeLessThan(49);
  });

  it("starts every encoder a whole number of LAME's padding periods into the stream", () => {
    // 192 kbit/s: 626.94 bytes a frame at 44.1 kHz (the fraction repeats every 49 frames), 576 at 48 kHz.
    expect(paddingPeriod(FORMAT)).toBe(49);
    expect(paddingPeriod({ sampleRate: 48000, samplesPerFrame: 1152 })).toBe(1);
    for (let index = 1; index < 15; index++) {
      expect((segmentBounds(index, 15, 120, FORMAT).startFrame - LEAD_FRAMES) % 49).toBe(0);
    }
  });
});

describe('WavPcm', () => {
  it('reads the format from the header ffmpeg writes to a pipe and passes only the PCM on', async () => {
    const wav = (
      await run(
        'ffmpeg',
        [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'sine=frequency=440:sample_rate=48000:duration=0.5',
          '-ac',
          '2',
        ].concat(['-c:a', 'pcm_s16le', '-f', 'wav', 'pipe:1']),
        { encoding: 'buffer' },
      )
    ).stdout;
    const raw = (
      await run(
        'ffmpeg',
        [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'sine=frequency=440:sample_rate=48000:duration=0.5',
          '-ac',
          '2',
        ].concat(['-c:a', 'pcm_s16le', '-f', 's16le', 'pipe:1']),
        { encoding: 'buffer' },
      )
    ).stdout;
    const chunks = Array.from({ length: Math.ceil(wav.length / 7) }, (_, i) =>
      wav.subarray(i * 7, i * 7 + 7),
    );
    const reader = new WavPcm();
    const pcm = await collect(Readable.from(chunks).pipe(reader));
    expect(await reader.format).toEqual({ sampleRate: 48000, channels: 2, bytesPerFrame: 4 });
    expect(pcm).toEqual(raw);
  });

  it('fails on a stream that is not WAV', async () => {
    await expect(
      collect(Readable.from([Buffer.from('not a wav file at all')]).pipe(new WavPcm())),
    ).rejects.toThrow(/did not write WAV/);
  });
});

/** A sweep in each channel: unlike a steady tone, any shift of the audio by a sample shows. */
const SWEEP = 'aevalsrc=0.5*sin(2*PI*(200*t+20*t*t))|0.5*sin(2*PI*(300*t+15*t*t))';

/** The containers YouTube and web servers serve, generated from the sweep. */
const SOURCES = [
  {
    name: 'WebM/Opus (YouTube itag 251)',
    file: 'sweep.webm',
    rate: 48000,
    args: ['-c:a', 'libopus', '-b:a', '160k'],
  },
  {
    name: 'fragmented MP4/AAC (YouTube itag 140)',
    file: 'sweep-fragmented.m4a',
    rate: 44100,
    args: ['-c:a', 'aac', '-b:a', '128k', '-movflags', 'frag_keyframe+empty_moov'],
  },
  {
    name: 'MP4/AAC with its index first',
    file: 'sweep.m4a',
    rate: 44100,
    args: ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'],
  },
  { name: 'Ogg/Opus', file: 'sweep.ogg', rate: 48000, args: ['-c:a', 'libopus', '-b:a', '128k'] },
];

/** The largest sample difference between two decodes, overall and within two frames of a seam. */
function compare(joined: Int16Array, single: Int16Array, seams: number[]) {
  let largest = 0;
  let largestNearSeam = 0;
  for (let index = 0; index < single.length; index++) {
    const difference = Math.abs(joined[index]! - single[index]!);
    largest = Math.max(largest, difference);
    if (seams.some((at) => Math.abs(index - at) < 2304))
      largestNearSeam = Math.max(largestNearSeam, difference);
  }
  return { largest, largestNearSeam };
}

/** The largest step between neighbouring samples: a click at a seam makes one larger than the sweep does. */
const steepest = (samples: Int16Array) =>
  samples.reduce(
    (max, value, index) => (index ? Math.max(max, Math.abs(value - samples[index - 1]!)) : max),
    0,
  );

describe('parallelMp3', () => {
  let directory: string;
  let server: MediaServer;
  const seconds = 41;
  const single = new Map<string, Int16Array>();
  const path = (file: string) => join(directory, file);

  beforeAll(async () => {
    directory = tempDirectory('parallel-mp3-');
    server = await startMediaServer();
    await Promise.all(
      SOURCES.map(async ({ file, rate, args }) => {
        await run('ffmpeg', [
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          `${SWEEP}:s=${rate}:d=${seconds}`,
          ...args,
          path(file),
        ]);
        server.serveFile(`/${file}`, path(file));
        // The reference: one ffmpeg, the recipe transcode() uses, fed and encoded as the parallel encoder's are.
        const reference = path(`${file}.single.mp3`);
        const mp3 = encoderArgs({ format: 'mp3' });
        await run('ffmpeg', [
          '-v',
          'error',
          '-i',
          path(file),
          ...mp3.slice(0, -1),
          ...LIKE_THE_PARALLEL_ENCODER,
          reference,
        ]);
        single.set(file, await decodeLeft(reference));
      }),
    );
  });

  afterAll(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function encode(file: string, input: AudioInput, tags: { title?: string; artist?: string } = {}) {
    const output = path(`${file}.joined-${input.type}.mp3`);
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input,
      durationSeconds: seconds,
      workers: 2,
      segmentSeconds: 8,
      ...tags,
    });
    await pipeline(running.output, createWriteStream(output));
    return { output, running, ...(await running.done) };
  }

  it.each(SOURCES)(
    'joins six segments of $name into the very bytes of a single encode, with no seam',
    async ({ file, rate }) => {
      const { output, encodedSeconds } = await encode(file, { type: 'url', url: server.url(`/${file}`) });
      const reference = single.get(file)!;
      const joined = await decodeLeft(output);
      const frame = rate >= 32000 ? 1152 : 576;

      expect(joined.length).toBe(reference.length);
      // Frame for frame what one ffmpeg writes: each encoder starts on a padding period, so even frame sizes match.
      expect(readFileSync(output).equals(readFileSync(path(`${file}.single.mp3`)))).toBe(true);
      // As long as one encode (a fragmented MP4 without an edit list keeps AAC's 1024 priming samples).
      const singleSeconds = reference.length / rate;
      expect(Math.abs(encodedSeconds - singleSeconds)).toBeLessThan(frame / rate);
      expect(Math.abs((await probeDuration(output)) - singleSeconds)).toBeLessThan(frame / rate);
      const format = { sampleRate: rate, samplesPerFrame: frame };
      // 41 s in segments of about 8 s on two workers: three rounds of two.
      const plan = segmentPlan(seconds, 8, 2);
      expect(plan.count).toBe(6);
      const seams = Array.from(
        { length: plan.count - 1 },
        (_, index) => segmentBounds(index + 1, plan.count, plan.seconds, format).startFrame * frame,
      );
      // And so the same samples (a one-sample shift of the sweep would differ by ~1000).
      const { largest, largestNearSeam } = compare(joined, reference, seams);
      expect(largest).toBeLessThan(100);
      expect(largestNearSeam).toBeLessThan(100);
      expect(steepest(joined)).toBeLessThanOrEqual(steepest(reference) + 20);
    },
  );

  it('joins a piped WebM stream (a yt-dlp download) as exactly, and tags only the first segment', async () => {
    const file = 'sweep.webm';
    const { output, running } = await encode(
      file,
      { type: 'stream', stream: createReadStream(path(file)), container: 'webm' },
      { title: 'Seams', artist: 'Tester' },
    );
    const reference = single.get(file)!;
    const joined = await decodeLeft(output);
    expect(joined.length).toBe(reference.length);
    expect(compare(joined, reference, []).largest).toBeLessThan(100);
    expect(await probeTags(output)).toMatchObject({ title: 'Seams', artist: 'Tester' });
    expect(running.outputBytes).toBeGreaterThan(0);
  });

  // The whole file was read without a network fault: it holds less audio than announced, which no retry fixes.
  it('fails with ExtractionFailed when the source ends long before its announced duration', async () => {
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url: server.url('/sweep.m4a') },
      durationSeconds: 90,
      workers: 2,
      segmentSeconds: 10,
    });
    await expect(collect(running.output)).rejects.toBeInstanceOf(ExtractionFailed);
    await expect(running.done).rejects.toThrow(/corrupt or cut short/);
  });

  it('fails with SourceUnreachable when the source cannot be read', async () => {
    const running = parallelMp3({
      ffmpegPath: 'ffmpeg',
      input: { type: 'url', url: server.url('/missing.webm') },
      durationSeconds: 600,
      workers: 2,
    });
    await expect(collect(running.output)).rejects.toBeInstanceOf(SourceUnreachable);
  });
});
