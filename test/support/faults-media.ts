/** Broken media for fault scenarios, generated (never committed): files that probe fine but do not convert. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Bytes 20-21 of a canonical WAV header: the fmt chunk's format tag (1 = PCM).
const WAV_FORMAT_TAG_OFFSET = 20;
const UNKNOWN_FORMAT_TAG = 0x9999;

/**
 * A WAV file whose format tag names a codec no decoder knows: ffprobe still reports an audio stream and
 * its duration (so the job passes Validate), but ffmpeg exits non-zero ("Decoder (codec none) not found").
 */
export async function corruptWav(directory: string, seconds = 2): Promise<string> {
  const path = join(directory, 'corrupt.wav');
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-c:a',
    'pcm_s16le',
    '-map_metadata',
    '-1',
    '-bitexact',
    path,
  ]);
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 12, 16) !== 'fmt ') throw new Error(`${path} has no fmt chunk at byte 12`);
  bytes.writeUInt16LE(UNKNOWN_FORMAT_TAG, WAV_FORMAT_TAG_OFFSET);
  writeFileSync(path, bytes);
  return path;
}

/**
 * An Ogg/Opus file whose middle third is zeroed, like a download with a hole in it: ffprobe reads the full
 * duration from the last page, while ffmpeg decodes only the first third and exits 0 ("Invalid data found").
 */
export async function oggWithHole(directory: string, seconds = 30): Promise<string> {
  const path = join(directory, 'hole.opus');
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    '-c:a',
    'libopus',
    path,
  ]);
  const bytes = readFileSync(path);
  const third = Math.floor(bytes.length / 3);
  bytes.fill(0, third, 2 * third);
  writeFileSync(path, bytes);
  return path;
}
