/** Generated bench sources (stereo 44.1 kHz AAC 128k in M4A), made once into `.bench/sources/` and reused. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BENCH_DIR = join(import.meta.dirname, '..', '..', '.bench');
export const SOURCES_DIR = join(BENCH_DIR, 'sources');

/**
 * A tone on the left and pink noise on the right, so the encoders work as on real audio (a pure sine
 * encodes unrealistically fast). `frequency` makes distinct sources with distinct content.
 */
export async function benchSource(seconds: number, frequency = 440): Promise<string> {
  mkdirSync(SOURCES_DIR, { recursive: true });
  const path = join(SOURCES_DIR, `source-${seconds}s-${frequency}hz.m4a`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial.m4a`;
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:sample_rate=44100:amplitude=0.2:seed=${frequency}:duration=${seconds}`,
    '-filter_complex',
    '[0:a][1:a]amerge=inputs=2[out]',
    '-map',
    '[out]',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    // The index first, as web servers usually serve MP4.
    '-movflags',
    '+faststart',
    '-metadata',
    `title=Bench ${seconds} s`,
    '-metadata',
    'artist=Audio Sync Bench',
    partial,
  ]);
  renameSync(partial, path);
  return path;
}
