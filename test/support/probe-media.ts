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

/** ffprobe's streams, format and chapters of a file. */
export async function probeMedia(path: string): Promise<ProbedMedia> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-show_format', '-show_streams', '-show_chapters', '-of', 'json', path],
  ]);
  return JSON.parse(stdout) as ProbedMedia;
}
