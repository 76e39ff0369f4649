/** Where a long MP3 encode is split into segments, and the ffmpeg arguments that encode one segment. */
import type { AudioInput } from '../media/types.js';
import { encoderArgs } from './encoder-args.js';
import type { FrameFormat } from './parallel-frames.js';
import { inputArgs } from './transcode.js';

/** Frames encoded before a segment and dropped: covers the AAC decoder's pre-roll and LAME's analysis window. */
export const LEAD_FRAMES = 3;
/** Frames encoded after a segment and dropped, so its last kept frames are not the encoder's flush. */
export const TAIL_FRAMES = 3;

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
 * Segment boundaries on frame boundaries: frame k of a segment encoded from sample `start × frame size`
 * is frame `start + k` of a single encode (LAME's delay is constant), so frames join without a seam.
 */
export function segmentBounds(
  index: number,
  count: number,
  segmentSeconds: number,
  format: FrameFormat,
): SegmentBounds {
  const frameAt = (segment: number) =>
    Math.round((segment * segmentSeconds * format.sampleRate) / format.samplesPerFrame);
  const startFrame = frameAt(index);
  return { startFrame, frames: index === count - 1 ? undefined : frameAt(index + 1) - startFrame };
}

export interface SegmentArgsOptions {
  input: Extract<AudioInput, { type: 'url' }>;
  ioTimeoutSeconds?: number;
  title?: string;
  artist?: string;
}

const seconds = (frames: number, format: FrameFormat) =>
  ((frames * format.samplesPerFrame) / format.sampleRate).toFixed(6);

/**
 * ffmpeg arguments for one segment, the mp3 recipe of encoder-args plus `-reservoir 0` (frames that decode
 * alone). The first segment starts at 0 and carries the tags; `format` is unknown until its first frame.
 */
export function segmentArgs(
  options: SegmentArgsOptions,
  bounds: SegmentBounds & { index: number; segmentSeconds: number },
  format?: FrameFormat,
): string[] {
  const first = bounds.index === 0;
  const seek = first || !format ? [] : ['-ss', seconds(bounds.startFrame - LEAD_FRAMES, format)];
  let limit: string[] = [];
  if (bounds.frames !== undefined) {
    // The first segment's frame count is only known later: a second past its nominal end covers the tail.
    limit = [
      '-t',
      format ? seconds(LEAD_FRAMES + bounds.frames + TAIL_FRAMES, format) : String(bounds.segmentSeconds + 1),
    ];
  }
  const output = encoderArgs(
    first ? { format: 'mp3', title: options.title, artist: options.artist } : { format: 'mp3' },
  );
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'warning',
    ...seek,
    ...inputArgs(options.input, options.ioTimeoutSeconds),
    ...limit,
    ...output.slice(0, -1),
    '-reservoir',
    '0',
    // Later values win: only the first segment writes the ID3 tag.
    ...(first ? [] : ['-id3v2_version', '0']),
    'pipe:1',
  ];
}
