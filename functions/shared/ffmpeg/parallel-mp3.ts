/**
 * MP3 extraction on several cores: libmp3lame is single-threaded, so one decoder reads the source once and
 * its PCM is cut, by sample count, into segments that concurrent ffmpeg processes encode; their frames are
 * joined in order into the frames (and samples) a single encode would have. No seeking: any container,
 * any source (a URL or a piped stream) joins exactly. Memory is bounded by `workers` segments of PCM.
 */
import { Readable } from 'node:stream';
import type { Chapter, Mp3Quality } from '../contract/audio-options.js';
import { ExtractionFailed } from '../errors.js';
import { shortOutputFailure, truncationFailure } from './classify-failure.js';
import type { AudioInput } from '../media/types.js';
import { isVbr, type Trim } from './encoder-args.js';
import { id3Tag, needsSeparateTag } from './id3-tag.js';
import { FrameRange, type FrameFormat } from './parallel-frames.js';
import {
  LEAD_FRAMES,
  cbrBitrate,
  decoderArgs,
  mp3FrameFormat,
  segmentBounds,
  segmentPlan,
  segmentEncoderArgs,
  segmentSamples,
} from './parallel-plan.js';
import { Decoder, SegmentEncoder } from './parallel-processes.js';
import type { PcmFormat } from './parallel-wav.js';
import { outputTooLong, transcode, type Transcode, type TranscodeResult } from './transcode.js';

export interface ParallelMp3Options {
  ffmpegPath: string;
  input: AudioInput;
  /**
   * The rendition's duration (the TRIMMED length when `trim` is set), which places the segments; the last
   * segment runs to the real end. Also where the last chapter ends.
   */
  durationSeconds: number;
  /** Encoders running at once (one per core; the decoder takes a small share of one). */
  workers: number;
  /** About 23 MB of PCM (48 kHz stereo, 16-bit) and 2.9 MB of 192k MP3 per 120 s: the memory per worker. */
  segmentSeconds?: number;
  title?: string;
  artist?: string;
  onProgress?: (seconds: number) => void;
  ioTimeoutSeconds?: number;
  /** MAX_DURATION_SECONDS: a source longer than its header said is cut there and refused. */
  maxDurationSeconds?: number;
  /** CBR kbit/s (default '192'); V0/V2 are encoded by one ffmpeg (`transcode`), see `parallelMp3`. */
  quality?: Mp3Quality;
  /** The part of the source kept, in the source's timeline: decoded sample-exact from its start. */
  trim?: Trim;
  /** A square JPEG on local disk: the ID3 APIC front cover. */
  coverArtPath?: string;
  /** Chapters in the source's timeline, written as ID3 CHAP/CTOC clipped and shifted to the trim. */
  chapters?: Chapter[];
}

export const DEFAULT_SEGMENT_SECONDS = 120;

/** Wakes every waiter at the next change of shared state. */
class Changes {
  #waiters: (() => void)[] = [];
  next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

interface Planned {
  index: number;
  from: number;
  to: number;
  frames: number | undefined;
  /** PCM that arrived before a worker was free to encode it (at most a lead's worth). */
  early: Buffer[];
  encoder?: SegmentEncoder;
  inputEnded: boolean;
}

/**
 * Same contract as `transcode()` for mp3, so `uploadRendition` takes either. A VBR quality is handed to
 * one ffmpeg: its frames have no fixed sizes to plan the joins by, and its Xing header needs the whole file.
 */
export function parallelMp3(options: ParallelMp3Options): Transcode {
  if (isVbr(options.quality)) {
    return transcode({ ...options, format: 'mp3', expectedDurationSeconds: options.durationSeconds });
  }
  return parallelCbrMp3(options);
}

function parallelCbrMp3(options: ParallelMp3Options): Transcode {
  const bitrate = cbrBitrate(options.quality);
  const workers = Math.max(1, Math.floor(options.workers));
  const { count, seconds: segmentSeconds } = segmentPlan(
    options.durationSeconds,
    options.segmentSeconds ?? DEFAULT_SEGMENT_SECONDS,
    workers,
  );
  const changes = new Changes();
  const plan: Planned[] = [];
  let decoder: Decoder | undefined;
  let format: FrameFormat | undefined;
  let head = 0;
  let outputBytes = 0;
  let framesOut = 0;
  let failure: Error | undefined;
  let fed = false;

  const killAll = () => {
    decoder?.kill();
    for (const segment of plan) segment.encoder?.kill();
  };
  const fail = (error: Error) => {
    failure ??= error;
    killAll();
    changes.notify();
  };

  // A picture or chapters: the tag is made apart (id3-tag.ts) and no segment writes one.
  const separateTag = needsSeparateTag(options);
  const spawnSegment = (segment: Planned, pcm: PcmFormat) => {
    const first = segment.index === 0;
    const tagged = first && !separateTag;
    const frames = new FrameRange({
      keepTag: tagged,
      skip: first ? 0 : LEAD_FRAMES,
      keep: segment.frames,
      onFormat: (seen) => {
        if (seen.sampleRate !== format!.sampleRate || seen.samplesPerFrame !== format!.samplesPerFrame) {
          throw new Error(`frames at ${seen.sampleRate} Hz, the PCM is at ${format!.sampleRate} Hz`);
        }
      },
    });
    const tags = { title: options.title, artist: options.artist };
    const encoder = new SegmentEncoder(
      options.ffmpegPath,
      segmentEncoderArgs(pcm, tagged, tags, options.quality),
      frames,
      decoder!.log,
    );
    // The first failure anywhere stops every process; the join reports that one, not the kills it caused.
    encoder.finished.catch(fail);
    for (const chunk of segment.early) encoder.write(chunk);
    segment.early = [];
    if (segment.inputEnded) encoder.endInput();
    segment.encoder = encoder;
    changes.notify();
  };

  /** Reads the decoder's PCM and hands each segment its samples, never more than `workers` segments ahead. */
  async function feed(): Promise<void> {
    decoder = new Decoder(
      options.ffmpegPath,
      decoderArgs(options.input, options.ioTimeoutSeconds, options.maxDurationSeconds, options.trim),
      options.input,
    );
    // A source that fails mid-way fails the encode at once, even while the decoder is held.
    decoder.exited.catch(fail);
    const pcm = await decoder.pcm.format.catch(async (error: Error) => {
      await decoder!.exited;
      throw shortOutputFailure(`no audio decoded (${error.message})`, decoder!.log());
    });
    format = mp3FrameFormat(pcm.sampleRate);
    for (let index = 0; index < count; index++) {
      const bounds = segmentBounds(index, count, segmentSeconds, format, bitrate);
      plan.push({
        index,
        ...segmentSamples(index, bounds, format),
        frames: bounds.frames,
        early: [],
        inputEnded: false,
      });
    }
    const spawnable = (segment: Planned) => segment.index < head + workers && !segment.encoder;
    let position = 0;
    let carry = Buffer.alloc(0);
    for await (const data of decoder.pcm) {
      if (failure) return;
      const bytes = carry.length ? Buffer.concat([carry, data as Buffer]) : (data as Buffer);
      const whole = bytes.length - (bytes.length % pcm.bytesPerFrame);
      carry = Buffer.from(bytes.subarray(whole));
      const start = position;
      const end = position + whole / pcm.bytesPerFrame;
      for (const segment of plan) {
        if (segment.from >= end || segment.to <= start) continue;
        if (spawnable(segment)) spawnSegment(segment, pcm);
        const slice = bytes.subarray(
          (Math.max(segment.from, start) - start) * pcm.bytesPerFrame,
          (Math.min(segment.to, end) - start) * pcm.bytesPerFrame,
        );
        if (segment.encoder) segment.encoder.write(slice);
        else segment.early.push(Buffer.from(slice));
        if (segment.to <= end) {
          segment.inputEnded = true;
          segment.encoder?.endInput();
        }
      }
      position = end;
      // Hold the decoder once every segment a worker may encode has all its samples.
      for (;;) {
        const last = plan[Math.min(count, head + workers) - 1]!;
        if (failure || last.index === count - 1 || position < last.to) break;
        await changes.next();
        for (const segment of plan)
          if (segment.from < position && spawnable(segment)) spawnSegment(segment, pcm);
      }
    }
    await decoder.exited;
    // The source ended: what was fed is all there is; segments still waiting for a worker get it then.
    for (const segment of plan) {
      if (segment.from >= position) break;
      segment.inputEnded = true;
      segment.encoder?.endInput();
    }
    const started = plan.filter((segment) => segment.from < position);
    if (started.length < count) {
      const decoded = `${(position / pcm.sampleRate).toFixed(1)} s of ${options.durationSeconds} s decoded`;
      throw shortOutputFailure(decoded, decoder.log());
    }
    while (!failure && started.some((segment) => !segment.encoder)) {
      await changes.next();
      for (const segment of started) if (spawnable(segment)) spawnSegment(segment, pcm);
    }
  }

  async function* joined(): AsyncGenerator<Buffer> {
    const feeding = feed().then(
      () => (fed = true),
      (error: Error) => fail(error),
    );
    try {
      if (separateTag) {
        const tag = await id3Tag(options.ffmpegPath, options, options.durationSeconds);
        outputBytes += tag.length;
        yield tag;
      }
      for (head = 0; head < count; head++) {
        changes.notify();
        while (!failure && !plan[head]?.encoder) await changes.next();
        if (failure) throw failure;
        const segment = plan[head]!.encoder!;
        for await (const chunk of segment.chunks()) {
          outputBytes += chunk.length;
          yield chunk;
        }
        await segment.finished.catch((error: Error) => {
          throw failure ?? error;
        });
        framesOut += segment.frames.kept;
        options.onProgress?.((framesOut * format!.samplesPerFrame) / format!.sampleRate);
      }
      await feeding;
      if (failure) throw failure;
      if (!fed) throw new ExtractionFailed('The decoder did not finish');
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
      // The decoder read the source to wherever it ended: its log says whether the network cut it short.
      const short =
        outputTooLong(encodedSeconds, options.maxDurationSeconds) ??
        truncationFailure(encodedSeconds, expected, decoder?.log() ?? []);
      if (short) throw short;
      settle.resolve({ encodedSeconds });
    } catch (error) {
      // The door's refusal (an address, the byte cap, the deadline) is the reason; ffmpeg only saw a dropped link.
      const door = options.input.type === 'url' ? options.input.door : undefined;
      const reason = door?.failure ?? (error as Error);
      settle.reject(reason);
      throw reason;
    } finally {
      if (options.input.type === 'url') void options.input.door?.close();
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
