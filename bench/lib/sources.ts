/** Generated bench sources (stereo 44.1 kHz AAC 128k in M4A), made once into `.bench/sources/` and reused. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BENCH_DIR = join(import.meta.dirname, '..', '..', '.bench');
export const SOURCES_DIR = join(BENCH_DIR, 'sources');

export interface ToneAndNoise {
  seconds: number;
  sampleRate: number;
  /** The tone's pitch in Hz. */
  frequency: number;
  /** The noise's seed: distinct seeds make distinct content. */
  seed: number;
}

/**
 * A tone on the left and pink noise on the right, so the encoders work as on real audio (a pure sine
 * encodes unrealistically fast), encoded with `outputArgs` into `path` once and reused after.
 */
export async function cachedToneAndNoise(
  path: string,
  tone: ToneAndNoise,
  outputArgs: string[],
): Promise<string> {
  mkdirSync(SOURCES_DIR, { recursive: true });
  if (existsSync(path)) return path;
  const partial = `${path}.partial${extname(path)}`;
  const { seconds, sampleRate, frequency, seed } = tone;
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=${sampleRate}:duration=${seconds}`],
    ...[
      '-f',
      'lavfi',
      '-i',
      `anoisesrc=color=pink:sample_rate=${sampleRate}:amplitude=0.2:seed=${seed}:duration=${seconds}`,
    ],
    ...['-filter_complex', '[0:a][1:a]amerge=inputs=2[out]', '-map', '[out]'],
    ...outputArgs,
    partial,
  ]);
  renameSync(partial, path);
  return path;
}

/** A stereo 44.1 kHz AAC 128k M4A; `frequency` makes distinct sources with distinct content. */
export function benchSource(seconds: number, frequency = 440): Promise<string> {
  return cachedToneAndNoise(
    join(SOURCES_DIR, `source-${seconds}s-${frequency}hz.m4a`),
    { seconds, sampleRate: 44100, frequency, seed: frequency },
    [
      ...['-c:a', 'aac', '-b:a', '128k'],
      // The index first, as web servers usually serve MP4.
      ...['-movflags', '+faststart'],
      ...['-metadata', `title=Bench ${seconds} s`, '-metadata', 'artist=Audio Sync Bench'],
    ],
  );
}
