/** Test media with what the audio options work on: a non-square embedded picture and chapters, and a full ffprobe. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

export interface RichClipOptions {
  directory: string;
  seconds: number;
  /** Chapters as [start seconds, title]; each runs to the next (the last to the end). */
  chapters: [number, string][];
}

/** An mp3 (192k CBR) with a 640×360 picture as its front cover and ID3 chapters. Returns its path. */
export async function generateRichMp3({ directory, seconds, chapters }: RichClipOptions): Promise<string> {
  const metadata = join(directory, 'chapters.ffmeta');
  const blocks = chapters.map(([start, title], index) => {
    const end = chapters[index + 1]?.[0] ?? seconds;
    return `[CHAPTER]\nTIMEBASE=1/1000\nSTART=${start * 1000}\nEND=${end * 1000}\ntitle=${title}\n`;
  });
  await writeFile(metadata, `;FFMETADATA1\ntitle=Rich Tone\nartist=Audio Sync Tests\n${blocks.join('')}`);
  const path = join(directory, 'rich.mp3');
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=1:duration=1'],
    ...['-f', 'ffmetadata', '-i', metadata],
    ...['-map', '0:a', '-map', '1:v', '-frames:v', '1', '-map_metadata', '2', '-map_chapters', '2'],
    ...['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '192k', '-c:v', 'mjpeg'],
    ...['-disposition:v', 'attached_pic', '-id3v2_version', '3'],
    path,
  ]);
  return path;
}
