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
