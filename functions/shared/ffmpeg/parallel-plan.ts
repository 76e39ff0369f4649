/**
 * Where a long MP3 encode is split, and the ffmpeg arguments of its processes: one decoder reads the source
 * once and writes PCM, which is cut by sample count (never by timestamp) into the segments' encoders.
 */
import { DEFAULT_MP3_QUALITY, type Mp3Quality } from '../contract/audio-options.js';
import type { AudioInput } from '../media/types.js';
import { encoderArgs, isVbr, PIPE_WRITES, type Trim } from './encoder-args.js';
import { durationCapArgs, inputArgs, outputSeekArgs } from './input-args.js';
import type { FrameFormat } from './parallel-frames.js';
import type { PcmFormat } from './parallel-wav.js';

/** Frames encoded before a segment and dropped: LAME's analysis window reaches that far back. */
export const LEAD_FRAMES = 3;
/** Frames encoded after a segment and dropped, so its last kept frames are not the encoder's flush. */
export const TAIL_FRAMES = 3;

/** The CBR bitrate (bit/s) of a quality: the default when none is asked for. */
export function cbrBitrate(quality: Mp3Quality = DEFAULT_MP3_QUALITY): number {
  if (isVbr(quality)) throw new Error(`${quality} is VBR: its frames have no fixed size to plan by`);
  return Number.parseInt(quality, 10) * 1000;
}

const DEFAULT_BITRATE = cbrBitrate();

/** libmp3lame's rates, in its own order, so the decoder converts exactly as a single encode would. */
const MP3_SAMPLE_RATES = [44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000];

export interface SegmentBounds {
  /** First frame of the joined stream that this segment provides. */
  startFrame: number;
  /** Frames it provides; undefined for the last segment, which runs to the end of the source. */
  frames: number | undefined;
}

/** Segments of about `segmentSeconds`: the last one takes the remainder, so a rounded duration does no harm. */
export function segmentCount(durationSeconds: number, segmentSeconds: number): number {
  return Math.max(1, Math.floor(durationSeconds / segmentSeconds));
}

/**
 * How many segments, and how far apart: about `segmentSeconds` each, and as many as a whole number of
 * rounds of the workers, so the last round keeps every core busy (15 segments on 2 workers would leave
 * the 15th encoding alone, the other core idle, for a whole segment).
 */
export function segmentPlan(
  durationSeconds: number,
  segmentSeconds: number,
  workers: number,
): { count: number; seconds: number } {
  const nominal = segmentCount(durationSeconds, segmentSeconds);
  if (workers <= 1 || nominal <= workers) return { count: nominal, seconds: segmentSeconds };
  const count = Math.round(nominal / workers) * workers;
  return { count, seconds: durationSeconds / count };
}

/** The MP3 frame format libmp3lame writes at a rate it supports: MPEG-1 from 32 kHz up, MPEG-2/2.5 below. */
export function mp3FrameFormat(sampleRate: number): FrameFormat {
  if (!MP3_SAMPLE_RATES.includes(sampleRate)) throw new Error(`${sampleRate} Hz is not an MP3 sample rate`);
  return { sampleRate, samplesPerFrame: sampleRate >= 32000 ? 1152 : 576 };
}

/**
 * Frames after which LAME's padding repeats at a CBR bitrate (bit/s): a frame is `samplesPerFrame / 8 ×
 * bitrate / rate` bytes, and LAME pads one byte whenever the fraction carried over reaches a whole (49
 * frames at 44.1 kHz and 192 kbit/s, 1 at 48 kHz).
 */
export function paddingPeriod(format: FrameFormat, bitrate = DEFAULT_BITRATE): number {
  const remainder = ((format.samplesPerFrame / 8) * bitrate) % format.sampleRate;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  return format.sampleRate / gcd(remainder, format.sampleRate);
}

/**
 * Segment boundaries on frame boundaries: frame k of a segment encoded from sample `start × frame size`
 * is frame `start + k` of a single encode (LAME's delay is constant), so frames join without a seam. Each
 * encoder starts a whole padding period into the stream, so its frames get the sizes (and bit budgets)
 * a single encode gives them.
 */
export function segmentBounds(
  index: number,
  count: number,
  segmentSeconds: number,
  format: FrameFormat,
  bitrate = DEFAULT_BITRATE,
): SegmentBounds {
  const period = paddingPeriod(format, bitrate);
  const frameAt = (segment: number) => {
    if (segment === 0) return 0;
    const nominal = (segment * segmentSeconds * format.sampleRate) / format.samplesPerFrame;
    return Math.max(1, Math.round((nominal - LEAD_FRAMES) / period)) * period + LEAD_FRAMES;
  };
  const startFrame = frameAt(index);
  return { startFrame, frames: index === count - 1 ? undefined : frameAt(index + 1) - startFrame };
}

/** The decoded samples [from, to) a segment's encoder is fed: its frames plus the lead and tail it drops. */
export function segmentSamples(
  index: number,
  bounds: SegmentBounds,
  format: FrameFormat,
): { from: number; to: number } {
  const lead = index === 0 ? 0 : LEAD_FRAMES;
  const from = (bounds.startFrame - lead) * format.samplesPerFrame;
  const to =
    bounds.frames === undefined
      ? Number.POSITIVE_INFINITY
      : (bounds.startFrame + bounds.frames + TAIL_FRAMES) * format.samplesPerFrame;
  return { from, to };
}

const QUIET = ['-hide_banner', '-nostats', '-loglevel', 'warning'];

/**
 * The decoder: the source's first audio stream as 16-bit WAV, converted to a rate and layout libmp3lame
 * takes the way a single encode converts it. 16-bit, not the float a single encode hands libmp3lame: the
 * encode is CPU-bound on two cores, and float doubles the PCM copied through two pipes and Node (measured
 * on 30 minutes of Opus: 0.78 of one ffmpeg's time with float, 0.69 with 16-bit). It is what LAME's own
 * front end reads from a WAV, and its rounding (-96 dBFS) lies far below a 192 kbit/s MP3's noise.
 */
export function decoderArgs(
  input: AudioInput,
  ioTimeoutSeconds?: number,
  maxDurationSeconds?: number,
  trim?: Trim,
): string[] {
  return [
    ...QUIET,
    ...(input.type === 'stream' ? [] : ['-nostdin']),
    // Sample-exact from the trim's start (decoded and dropped up to it), so segments are planned from 0.
    ...inputArgs(input, ioTimeoutSeconds, trim?.startSeconds),
    ...outputSeekArgs(input, trim?.startSeconds),
    // The decoder reads the source to the trim's end or its real end: past the limit's margin, it stops.
    ...durationCapArgs(maxDurationSeconds, trim),
    '-vn',
    '-map',
    '0:a:0',
    '-map_metadata',
    '-1',
    '-af',
    `aformat=sample_fmts=s16:sample_rates=${MP3_SAMPLE_RATES.join('|')}:channel_layouts=mono|stereo`,
    '-c:a',
    'pcm_s16le',
    '-f',
    'wav',
    ...PIPE_WRITES,
    'pipe:1',
  ];
}

/**
 * One segment's encoder, reading raw PCM on stdin: the mp3 recipe of encoder-args plus `-reservoir 0`
 * (frames that decode alone). Only the first segment writes the ID3 tag.
 */
export function segmentEncoderArgs(
  pcm: PcmFormat,
  first: boolean,
  tags: { title?: string; artist?: string },
  quality?: Mp3Quality,
): string[] {
  const output = encoderArgs(first ? { format: 'mp3', quality, ...tags } : { format: 'mp3', quality });
  return [
    ...QUIET,
    '-f',
    's16le',
    '-ar',
    String(pcm.sampleRate),
    '-ac',
    String(pcm.channels),
    '-i',
    'pipe:0',
    ...output.slice(0, -1),
    '-reservoir',
    '0',
    // Later values win: only the first segment writes the ID3 tag.
    ...(first ? [] : ['-id3v2_version', '0']),
    'pipe:1',
  ];
}
