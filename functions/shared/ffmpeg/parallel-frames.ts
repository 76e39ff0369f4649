/** MPEG audio Layer III frame headers, and a stream that keeps a range of whole frames of an MP3 bitstream. */
import { Transform, type TransformCallback } from 'node:stream';

export interface FrameFormat {
  sampleRate: number;
  /** 1152 for MPEG-1, 576 for MPEG-2 and 2.5. */
  samplesPerFrame: number;
}

export interface FrameHeader extends FrameFormat {
  /** Bytes of the whole frame, header included. */
  length: number;
}

const BITRATES_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES = [44100, 48000, 32000];

/** The Layer III frame header at `offset`, or undefined when the 4 bytes there are not one. */
export function parseFrameHeader(buffer: Buffer, offset: number): FrameHeader | undefined {
  if (offset + 4 > buffer.length) return undefined;
  const header = buffer.readUInt32BE(offset);
  if (header >>> 21 !== 0x7ff) return undefined;
  const version = (header >>> 19) & 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
  const layer = (header >>> 17) & 3; // 1 is Layer III
  const bitrateIndex = (header >>> 12) & 15;
  const rateIndex = (header >>> 10) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return undefined;
  }
  const mpeg1 = version === 3;
  const sampleRate = SAMPLE_RATES[rateIndex]! / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const bitrate = (mpeg1 ? BITRATES_MPEG1 : BITRATES_MPEG2)[bitrateIndex]! * 1000;
  const padding = (header >>> 9) & 1;
  const samplesPerFrame = mpeg1 ? 1152 : 576;
  const length = Math.floor(((samplesPerFrame / 8) * bitrate) / sampleRate) + padding;
  return { sampleRate, samplesPerFrame, length };
}

/** Bytes of the ID3v2 tag at the start of `buffer`, 0 when there is none, undefined when more bytes are needed. */
export function id3v2Length(buffer: Buffer): number | undefined {
  const prefix = buffer.toString('latin1', 0, Math.min(3, buffer.length));
  if (prefix !== 'ID3'.slice(0, prefix.length)) return 0;
  if (buffer.length < 10) return undefined;
  const size = (buffer[6]! << 21) | (buffer[7]! << 14) | (buffer[8]! << 7) | buffer[9]!;
  const footer = buffer[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

export interface FrameRangeOptions {
  /** Pass a leading ID3v2 tag through (the first segment carries the file's tags). */
  keepTag: boolean;
  /** Frames dropped first (the encoder's lead-in). */
  skip: number;
  /** Frames kept after those; undefined keeps all the rest. */
  keep: number | undefined;
  /** Called once, with the first frame's format, before any frame is passed on; may throw to fail the range. */
  onFormat?: (format: FrameFormat) => void;
}

/**
 * Passes on frames [skip, skip + keep) of an MP3 bitstream and drops the rest. Only valid when every
 * frame decodes on its own: libmp3lame with `-reservoir 0` (no bit reservoir reaching back).
 */
export class FrameRange extends Transform {
  #pending: Buffer = Buffer.alloc(0);
  #tagLeft: number | undefined;
  #seen = 0;
  #format: FrameFormat | undefined;
  kept = 0;

  constructor(private readonly options: FrameRangeOptions) {
    super();
    this.#tagLeft = options.keepTag ? undefined : 0;
  }

  get format(): FrameFormat | undefined {
    return this.#format;
  }

  /** The frames this range should keep; undefined when it keeps all. */
  get expected(): number | undefined {
    return this.options.keep;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let buffer = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    if (this.#tagLeft === undefined) {
      const tag = id3v2Length(buffer);
      if (tag === undefined) {
        this.#pending = buffer;
        return callback();
      }
      this.#tagLeft = tag;
    }
    if (this.#tagLeft > 0) {
      const part = buffer.subarray(0, this.#tagLeft);
      this.push(part);
      this.#tagLeft -= part.length;
      buffer = buffer.subarray(part.length);
    }
    let offset = 0;
    let keptFrom = -1;
    let keptTo = -1;
    while (offset < buffer.length) {
      const header = parseFrameHeader(buffer, offset);
      if (!header) {
        if (offset + 4 > buffer.length) break;
        return callback(new Error(`No MP3 frame header after ${this.#seen} frames`));
      }
      if (offset + header.length > buffer.length) break;
      if (!this.#format) {
        this.#format = { sampleRate: header.sampleRate, samplesPerFrame: header.samplesPerFrame };
        try {
          this.options.onFormat?.(this.#format);
        } catch (error) {
          return callback(error as Error);
        }
      }
      const index = this.#seen - this.options.skip;
      const limit = this.options.keep;
      if (index >= 0 && (limit === undefined || index < limit)) {
        if (keptFrom < 0) keptFrom = offset;
        keptTo = offset + header.length;
        this.kept++;
      }
      this.#seen++;
      offset += header.length;
    }
    if (keptFrom >= 0) this.push(buffer.subarray(keptFrom, keptTo));
    // A copy, so the pipe's large chunk is not held alive by a few trailing bytes.
    this.#pending = Buffer.from(buffer.subarray(offset));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // ffmpeg writes whole frames: bytes left over mean a cut-off bitstream.
    if (this.#pending.length)
      return callback(new Error(`${this.#pending.length} bytes after the last MP3 frame`));
    callback();
  }
}
