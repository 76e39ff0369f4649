/** A full ffprobe of a file (streams, format, chapters), for checking what a rendition carries. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedStream {
  index: number;
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}

export interface ProbedMedia {
  format: { duration: string; bit_rate?: string; tags?: Record<string, string> };
  streams: ProbedStream[];
  chapters: { start_time: string; end_time: string; tags?: { title?: string } }[];
}

/** ffprobe's streams, format and chapters of a file; `inputArgs` go before it (e.g. `-f ffmetadata`). */
export async function probeMedia(path: string, inputArgs: string[] = []): Promise<ProbedMedia> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-show_format', '-show_streams', '-show_chapters', '-of', 'json'],
    ...inputArgs,
    path,
  ]);
  return JSON.parse(stdout) as ProbedMedia;
}

/** Width, height and codec of a picture file (or a file's first picture stream). */
export async function probePicture(
  path: string,
): Promise<{ width?: number; height?: number; codec_name: string }> {
  const stream = (await probeMedia(path)).streams.find((candidate) => candidate.codec_type === 'video');
  if (!stream) throw new Error(`${path} has no picture`);
  return { width: stream.width, height: stream.height, codec_name: stream.codec_name };
}

/** MD5 of the audio packets as stored (no decoding): equal for a stream copy, different after re-encoding. */
export async function audioPacketsHash(path: string): Promise<string> {
  const { stdout } = await run('ffmpeg', [
    '-v',
    'error',
    '-i',
    path,
    '-map',
    '0:a:0',
    '-c',
    'copy',
    '-f',
    'md5',
    '-',
  ]);
  return stdout.trim();
}
