/** Test pictures and clips that carry their own cover (attached_pic) and chapters, generated with ffmpeg. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A test-pattern picture (`jpg`, `png` or `webp`) of the given size. Returns its path. */
export async function generatePicture(
  directory: string,
  width: number,
  height: number,
  ext: 'jpg' | 'png' | 'webp' = 'jpg',
): Promise<string> {
  const path = join(directory, `picture-${width}x${height}.${ext}`);
  await run('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=1`],
    ...['-frames:v', '1', path],
  ]);
  return path;
}

export interface PicturedClipOptions {
  directory: string;
  /** `mp3` (ID3 APIC), `m4a` (covr), `flac` (PICTURE block) or `opus` (METADATA_BLOCK_PICTURE comment). */
  ext: 'mp3' | 'm4a' | 'flac' | 'opus';
  seconds: number;
  /** The picture to attach; none makes a plain clip. */
  picture?: string;
  /** Chapter starts in seconds and titles; each ends where the next starts (the last at the end). */
  chapters?: { startSeconds: number; title: string }[];
  name?: string;
}

/** ffmpeg's metadata file with one [CHAPTER] per chapter, in milliseconds. */
function chapterMetadata(chapters: { startSeconds: number; title: string }[], seconds: number): string {
  const blocks = chapters.map((chapter, index) => {
    const end = chapters[index + 1]?.startSeconds ?? seconds;
    const ms = (value: number) => Math.round(value * 1000);
    return `[CHAPTER]\nTIMEBASE=1/1000\nSTART=${ms(chapter.startSeconds)}\nEND=${ms(end)}\ntitle=${chapter.title}\n`;
  });
  return `;FFMETADATA1\n${blocks.join('')}`;
}

/**
 * The Vorbis comment Ogg files carry their cover in: a FLAC PICTURE block (front cover, JPEG), base64.
 * ffmpeg 5.1 reads it but cannot write it, so the test builds it as taggers do.
 */
function metadataBlockPicture(jpegPath: string): string {
  const data = readFileSync(jpegPath);
  const mime = Buffer.from('image/jpeg');
  const word = (value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    return bytes;
  };
  // type 3 (front cover), mime, empty description, width/height/depth/colours unknown (0), data.
  const block = [word(3), word(mime.length), mime, word(0), word(0), word(0), word(0), word(0)];
  return Buffer.concat([...block, word(data.length), data]).toString('base64');
}

/** A sine clip with an attached picture and chapters, as taggers and podcast tools write them. */
export async function generatePicturedClip(options: PicturedClipOptions): Promise<string> {
  const { directory, ext, seconds } = options;
  const path = join(directory, `${options.name ?? `pictured-${ext}`}.${ext}`);
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
  const maps = ['-map', '0:a'];
  let next = 1;
  if (options.picture && ext === 'opus') {
    maps.push('-metadata', `METADATA_BLOCK_PICTURE=${metadataBlockPicture(options.picture)}`);
  } else if (options.picture) {
    args.push('-i', options.picture);
    maps.push('-map', `${next++}:v`, '-c:v', 'copy', '-disposition:v:0', 'attached_pic');
  }
  if (options.chapters) {
    const metadata = join(directory, `${options.name ?? ext}-chapters.txt`);
    writeFileSync(metadata, chapterMetadata(options.chapters, seconds));
    args.push('-i', metadata);
    maps.push('-map_chapters', String(next++));
  }
  const codec =
    ext === 'mp3' ? ['-c:a', 'libmp3lame', '-id3v2_version', '3'] : ext === 'm4a' ? ['-c:a', 'aac'] : [];
  await run('ffmpeg', [...args, ...maps, ...codec, path]);
  return path;
}
