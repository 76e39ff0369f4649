/**
 * Finds a direct source's own picture (the attached_pic stream of an mp3 APIC, m4a covr, FLAC or Ogg
 * picture) and gives ffmpeg the leashed input to cut it from: the same protocols, demuxers and egress
 * door its audio is read with.
 */
import { execFile } from 'node:child_process';
import * as z from 'zod';
import { FILE_PROTOCOLS, HTTP_PROTOCOLS, leashArgs, toolEnvironment } from '../egress/leash.js';
import type { AudioInput } from '../types.js';
import { CoverArtMissing } from './cover-art-missing.js';

const PictureStreams = z.object({
  streams: z
    .array(
      z.object({
        index: z.number(),
        disposition: z.object({ attached_pic: z.number() }).partial().optional(),
      }),
    )
    .default([]),
});

/** The input options and `-i` that read the source as its audio is read; a pipe cannot be read twice. */
export function leashedInput(input: AudioInput): string[] {
  if (input.type !== 'url') throw new CoverArtMissing('a piped source has no picture to read again');
  const remote = /^[a-z][a-z0-9+.-]*:/i.test(input.url) && !/^file:/i.test(input.url);
  // An http(s) source is read only through its door; without one it is not read at all.
  if (remote && !input.door) throw new CoverArtMissing('a remote source without its egress door');
  const protocols = input.door ? HTTP_PROTOCOLS : FILE_PROTOCOLS;
  return [...leashArgs(protocols, input.door?.url, input.demuxer), '-i', input.url];
}

/** The index of the source's attached picture, or undefined when it has none. */
export async function attachedPictureIndex(
  ffprobePath: string,
  inputArgs: readonly string[],
  timeoutMs: number,
): Promise<number | undefined> {
  // ffprobe takes the input without `-i`; the leash options stay in front of it.
  const input = inputArgs.at(-1)!;
  const options = inputArgs.slice(0, -2);
  const args = [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_entries',
    'stream=index:disposition=attached_pic',
  ];
  args.push('-select_streams', 'v', ...options, input);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      ffprobePath,
      args,
      { timeout: timeoutMs, maxBuffer: 1024 * 1024, env: toolEnvironment() },
      (error, out, stderr) => {
        if (!error) return resolve(out);
        const why = (error as { killed?: boolean }).killed ? 'timed out' : stderr.trim().split('\n').at(-1);
        reject(new CoverArtMissing(`ffprobe could not read the source's streams (${why || error.message})`));
      },
    );
  });
  let parsed;
  try {
    parsed = PictureStreams.safeParse(JSON.parse(stdout || '{}'));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  return parsed.data.streams.find((stream) => stream.disposition?.attached_pic === 1)?.index;
}
