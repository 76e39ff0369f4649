/** Cuts one picture into the square JPEG every player shows as cover art, with ffmpeg. */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { toolEnvironment } from '../egress/leash.js';
import { CoverArtMissing } from './cover-art-missing.js';

/** Side of the largest cover we write: players show 300–600 px; 1000 keeps a sharp full-screen view. */
export const MAX_COVER_SIDE = 1000;

/** A picture bigger than 8 K × 8 K is a decompression bomb, not a thumbnail: ffmpeg refuses to decode it. */
const MAX_PIXELS = 8192 * 8192;

/** The centre square (even sides, which 4:2:0 JPEG wants), shrunk to MAX_COVER_SIDE, square pixels. */
const SQUARE_FILTER =
  `crop='trunc(min(iw,ih)/2)*2':'trunc(min(iw,ih)/2)*2',` +
  `scale='min(iw,${MAX_COVER_SIDE})':'min(ih,${MAX_COVER_SIDE})':flags=lanczos,setsar=1`;

export interface SquareJpegOptions {
  ffmpegPath: string;
  /** Input options and `-i <input>`, leashed by the caller (protocols, demuxers, door). */
  inputArgs: readonly string[];
  /** The stream to take (`0:v:0`, or the attached picture's `0:3`). */
  map: string;
  output: string;
  timeoutMs: number;
}

export async function squareJpeg(options: SquareJpegOptions): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-max_pixels', String(MAX_PIXELS)];
  args.push(...options.inputArgs, '-map', options.map, '-frames:v', '1', '-vf', SQUARE_FILTER);
  // qscale 3 of 31: visually clean, ~100–200 KB at 1000×1000; a player rescales it anyway.
  args.push('-c:v', 'mjpeg', '-q:v', '3', '-pix_fmt', 'yuvj420p', '-map_metadata', '-1');
  args.push('-f', 'image2', '-update', '1', '-y', options.output);
  await new Promise<void>((resolve, reject) => {
    execFile(
      options.ffmpegPath,
      args,
      { timeout: options.timeoutMs, maxBuffer: 1024 * 1024, env: toolEnvironment() },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const last = stderr.trim().split('\n').at(-1) ?? '';
        const why = (error as { killed?: boolean }).killed ? 'timed out' : last || error.message;
        reject(new CoverArtMissing(`ffmpeg could not make the cover (${why})`));
      },
    );
  });
  const made = await stat(options.output).catch(() => undefined);
  if (!made?.size) throw new CoverArtMissing('ffmpeg wrote no cover');
}
