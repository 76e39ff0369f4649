/** Reads the WAV stream ffmpeg writes to a pipe: the format from its header, then the raw PCM bytes. */
import { Transform, type TransformCallback } from 'node:stream';

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  /** Bytes of one sample of every channel (2 per channel for s16le). */
  bytesPerFrame: number;
}

/** A header longer than this is not ffmpeg's (fmt, an optional LIST, then data). */
const MAX_HEADER_BYTES = 64 * 1024;

/** Passes on the PCM of a WAV stream; `format` settles once the header has been read. */
export class WavPcm extends Transform {
  readonly format: Promise<PcmFormat>;
  #settle!: { resolve: (format: PcmFormat) => void; reject: (error: Error) => void };
  #header: Buffer | undefined = Buffer.alloc(0);

  constructor() {
    super();
    this.format = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.format.catch(() => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.#header) return callback(null, chunk);
    const buffer = Buffer.concat([this.#header, chunk]);
    let parsed: { format: PcmFormat; dataAt: number } | undefined;
    try {
      parsed = parseHeader(buffer);
    } catch (error) {
      return callback(error as Error);
    }
    if (!parsed) {
      if (buffer.length > MAX_HEADER_BYTES) return callback(new Error('No data chunk in the WAV header'));
      this.#header = buffer;
      return callback();
    }
    this.#header = undefined;
    this.#settle.resolve(parsed.format);
    callback(null, buffer.subarray(parsed.dataAt));
  }

  override _flush(callback: TransformCallback): void {
    // No audio at all (an empty or unreadable source): the decoder's exit says why.
    if (this.#header) this.#settle.reject(new Error('The decoder wrote no WAV header'));
    callback();
  }
}

/** The format and where the PCM starts, or undefined while the header is incomplete. */
function parseHeader(buffer: Buffer): { format: PcmFormat; dataAt: number } | undefined {
  if (buffer.length < 12) return undefined;
  if (buffer.toString('latin1', 0, 4) !== 'RIFF' || buffer.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error('The decoder did not write WAV');
  }
  let offset = 12;
  let format: PcmFormat | undefined;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('latin1', offset, offset + 4);
    // On a pipe ffmpeg cannot go back to write the data size: it stays 0xFFFFFFFF.
    if (id === 'data') {
      if (!format) throw new Error('WAV data before its fmt chunk');
      return { format, dataAt: offset + 8 };
    }
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > buffer.length) return undefined;
    if (id === 'fmt ') {
      const channels = buffer.readUInt16LE(body + 2);
      format = {
        channels,
        sampleRate: buffer.readUInt32LE(body + 4),
        bytesPerFrame: buffer.readUInt16LE(body + 12),
      };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}
