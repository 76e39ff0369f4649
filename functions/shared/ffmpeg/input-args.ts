/** The ffmpeg options around the source: how it is opened (leashed, seeked to the trim) and how long output may run. */
import { VideoTooLong } from '../errors.js';
import { FILE_PROTOCOLS, HTTP_PROTOCOLS, leashArgs, PIPE_PROTOCOLS } from '../media/egress/leash.js';
import type { AudioInput } from '../media/types.js';
import type { Trim } from './encoder-args.js';

/** Output past the limit that is still accepted: rounding, and a source a little longer than it said. */
export function durationMargin(maxSeconds: number): number {
  return Math.max(5, maxSeconds * 0.02);
}

/**
 * `-t` for the output: the trim's length (input seeking starts the output at 0) or, when shorter, the
 * limit plus its margin, which stops a source that runs on past what its header said.
 */
export function durationCapArgs(maxSeconds: number | undefined, trim?: Trim): string[] {
  const cap = maxSeconds ? maxSeconds + durationMargin(maxSeconds) : Number.POSITIVE_INFINITY;
  const end = trim?.endSeconds;
  const kept = end === undefined ? Number.POSITIVE_INFINITY : Math.max(0, end - (trim?.startSeconds ?? 0));
  const seconds = Math.min(cap, kept);
  return Number.isFinite(seconds) ? ['-t', String(seconds)] : [];
}

/** VideoTooLong when ffmpeg stopped at the cap: the source was longer than its header said. */
export function outputTooLong(
  encodedSeconds: number,
  maxSeconds: number | undefined,
): VideoTooLong | undefined {
  if (!maxSeconds || encodedSeconds < maxSeconds + durationMargin(maxSeconds) - 0.5) return undefined;
  return new VideoTooLong(
    `The audio runs past the ${Math.round(maxSeconds / 60)}-minute limit, although the file claimed to be shorter.`,
  );
}

function seekArgs(startSeconds: number | undefined): string[] {
  return startSeconds ? ['-ss', String(startSeconds)] : [];
}

/**
 * The trim's start for a piped source, as an output option (after every input): ffmpeg decodes and drops
 * up to it. Input seeking on a pipe makes the Matroska demuxer skip forward by guesswork and lose about a
 * second of audio past the start (seen with ffmpeg 5.1 on WebM/Opus); a url input seeks (inputArgs).
 */
export function outputSeekArgs(input: AudioInput, startSeconds: number | undefined): string[] {
  return input.type === 'stream' ? seekArgs(startSeconds) : [];
}

/** Seconds an output `-ss` shifts the extra inputs' chapters and picture by, which they must be offset by. */
export function outputSeekOffset(input: AudioInput, trim: Trim | undefined): number {
  return input.type === 'stream' ? (trim?.startSeconds ?? 0) : 0;
}

/**
 * The input options: the leash (protocols, demuxers, the door) first, then reconnects and headers, and
 * the trim's start. Output timestamps start at 0 from there: progress and `-t` count trimmed seconds.
 */
export function inputArgs(input: AudioInput, ioTimeoutSeconds = 30, startSeconds?: number): string[] {
  if (input.type === 'stream') return [...leashArgs(PIPE_PROTOCOLS), '-i', 'pipe:0'];
  const http = /^https?:/i.test(input.url);
  const args = leashArgs(http ? HTTP_PROTOCOLS : FILE_PROTOCOLS, input.door?.url, input.demuxer);
  if (http) {
    // Resume with a Range request after a drop. Not -reconnect_streamed: on a server without ranges it
    // re-reads from byte 0 and splices the start into the middle of the audio (seen with ffmpeg 5.1).
    args.push('-reconnect', '1', '-reconnect_delay_max', '2');
    args.push('-rw_timeout', String(ioTimeoutSeconds * 1_000_000));
    const headers = Object.entries(input.headers ?? {});
    if (headers.length) args.push('-headers', headers.map(([key, value]) => `${key}: ${value}\r\n`).join(''));
  }
  return [...args, ...seekArgs(startSeconds), '-i', input.url];
}
