/**
 * The extra inputs after the source (input 0): the cover JPEG for mp3/m4a, and an ffmetadata file with the
 * chapters (and, for Ogg, the cover as METADATA_BLOCK_PICTURE: a picture is too large for one argument,
 * Linux caps each at 128 KiB). Local files only, each leashed to `file` and its one demuxer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { localInputArgs } from '../media/egress/leash.js';
import { ffmetadata, outputChapters } from './chapter-metadata.js';
import { pictureBlock } from './cover-art-block.js';
import type { EncoderOptions, OutputLayout } from './encoder-args.js';
import type { ScratchDir } from './scratch-dir.js';

export interface LocalInputs {
  /** Input options and `-i`s, to follow the source's. */
  args: string[];
  /** Where encoderArgs finds them. */
  layout: OutputLayout;
}

/** True when the run needs an ffmetadata file (and so a scratch folder to write it in). */
export function needsMetadataFile(options: EncoderOptions): boolean {
  return (
    (options.chapters?.length ?? 0) > 0 || (options.format === 'opus' && options.coverArtPath !== undefined)
  );
}

/**
 * Writes the ffmetadata file into `scratch` when needed and returns the inputs, numbered from 1.
 * `lengthSeconds` is the output's (trimmed) length, where the last chapter ends; `offsetSeconds` the
 * output `-ss` of a piped source (outputSeekOffset), which ffmpeg also applies to chapters and pictures.
 */
export function localInputs(
  options: EncoderOptions,
  scratch: ScratchDir | undefined,
  lengthSeconds: number | undefined,
  offsetSeconds = 0,
): LocalInputs {
  const offset = offsetSeconds ? ['-itsoffset', String(offsetSeconds)] : [];
  const firstIndex = 1;
  const args: string[] = [];
  const layout: OutputLayout = {};
  let next = firstIndex;
  if (needsMetadataFile(options)) {
    if (!scratch) throw new Error('localInputs: the ffmetadata file needs a scratch folder');
    const tags: Record<string, string> = {};
    if (options.format === 'opus' && options.coverArtPath) {
      tags.METADATA_BLOCK_PICTURE = pictureBlock(readFileSync(options.coverArtPath));
    }
    const chapters = outputChapters(options.chapters ?? [], options.trim, lengthSeconds);
    const file = scratch.file('metadata.txt');
    writeFileSync(file, ffmetadata(tags, chapters));
    args.push(...offset, ...localInputArgs('ffmetadata', file));
    layout.metadataInput = next++;
  }
  if (options.coverArtPath && options.format !== 'opus') {
    args.push(...offset, ...localInputArgs('jpeg_pipe', options.coverArtPath));
    layout.coverInput = next++;
  }
  return { args, layout };
}
