/** The ffmpeg output arguments for each rendition format, written to a non-seekable pipe (stdout). */
import type { AudioFormat } from '../types.js';

export interface EncoderOptions {
  format: AudioFormat;
  /** Codec of the source's audio stream when known (`aac`, `opus`, ...): the same codec is copied, not re-encoded. */
  sourceCodec?: string;
  title?: string;
  artist?: string;
}

interface FormatRecipe {
  /** A source already in this codec is stream-copied instead of re-encoded. */
  copyFrom?: string;
  encode: string[];
  mux: string[];
}

const RECIPES: Record<AudioFormat, FormatRecipe> = {
  mp3: {
    encode: ['-c:a', 'libmp3lame', '-b:a', '192k'],
    // A Xing header cannot be rewritten on a pipe; CBR needs none. ID3v2.3 is what most players read.
    mux: ['-f', 'mp3', '-write_xing', '0', '-id3v2_version', '3'],
  },
  m4a: {
    copyFrom: 'aac',
    encode: ['-c:a', 'aac', '-b:a', '192k'],
    // Fragmented MP4 needs no seek back to write the index. Time-based fragments: +frag_keyframe on
    // audio-only output cuts a fragment per packet and yields undecodable frames in long files.
    mux: ['-f', 'mp4', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '2000000'],
  },
  opus: {
    copyFrom: 'opus',
    encode: ['-c:a', 'libopus', '-b:a', '128k'],
    mux: ['-f', 'ogg'],
  },
};

/** True when the source's audio can be copied into the format without re-encoding. */
export function canCopy(format: AudioFormat, sourceCodec: string | undefined): boolean {
  return sourceCodec !== undefined && sourceCodec.toLowerCase() === RECIPES[format].copyFrom;
}

/**
 * Arguments that follow the input: first audio stream only, source tags dropped, our tags written,
 * encoded (or copied) and muxed to stdout. An args array, never a shell string.
 */
export function encoderArgs(options: EncoderOptions): string[] {
  const recipe = RECIPES[options.format];
  const tags: string[] = [];
  if (options.title) tags.push('-metadata', `title=${options.title}`);
  if (options.artist) tags.push('-metadata', `artist=${options.artist}`);
  return [
    '-vn',
    '-map',
    '0:a:0',
    '-map_metadata',
    '-1',
    ...(canCopy(options.format, options.sourceCodec) ? ['-c:a', 'copy'] : recipe.encode),
    ...tags,
    ...recipe.mux,
    'pipe:1',
  ];
}
