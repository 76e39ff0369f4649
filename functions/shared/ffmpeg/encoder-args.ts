/**
 * The ffmpeg output arguments for each rendition format: written to a non-seekable pipe (stdout), or to a
 * local file when the format needs to go back and rewrite its header (see `needsSeekableOutput`).
 */
import type { Chapter, Mp3Quality } from '../contract/audio-options.js';
import { DEFAULT_MP3_QUALITY } from '../contract/audio-options.js';
import type { AudioFormat } from '../types.js';

export interface Trim {
  /** Seconds into the source where the rendition starts. */
  startSeconds?: number;
  /** Seconds into the source where it ends (exclusive). */
  endSeconds?: number;
}

export interface EncoderOptions {
  format: AudioFormat;
  /** Codec of the source's audio stream when known (`aac`, `opus`, ...): the same codec is copied, not re-encoded. */
  sourceCodec?: string;
  title?: string;
  artist?: string;
  /** mp3 only (ignored otherwise): constant kbit/s or a LAME VBR preset; default '192'. */
  quality?: Mp3Quality;
  /** The part of the source kept, in the source's timeline. */
  trim?: Trim;
  /** A square JPEG on local disk, embedded as the front cover (mp3 APIC, m4a covr, Ogg METADATA_BLOCK_PICTURE). */
  coverArtPath?: string;
  /** Chapters in the source's timeline: clipped to the trim and shifted to the output's. */
  chapters?: Chapter[];
}

/** Where encoderArgs finds the extra local inputs (their ffmpeg input index), and where it writes. */
export interface OutputLayout {
  /** The ffmetadata input: chapters, and for Ogg the picture block. */
  metadataInput?: number;
  /** The JPEG input (mp3 and m4a). */
  coverInput?: number;
  /** `pipe:1` unless the output needs a seekable file. */
  destination?: string;
}

interface FormatRecipe {
  /** A source already in this codec is stream-copied instead of re-encoded. */
  copyFrom?: string;
  encode: string[];
  mux: string[];
  /** The muxer options for a seekable file, when the pipe's are a compromise. */
  fileMux?: string[];
}

const RECIPES: Record<AudioFormat, FormatRecipe> = {
  mp3: {
    encode: ['-c:a', 'libmp3lame'],
    // A Xing header cannot be rewritten on a pipe; CBR needs none. ID3v2.3 is what most players read.
    mux: ['-f', 'mp3', '-write_xing', '0', '-id3v2_version', '3'],
    // In a file: the Xing/Info header a VBR stream needs for its duration and seeking.
    fileMux: ['-f', 'mp3', '-id3v2_version', '3'],
  },
  m4a: {
    copyFrom: 'aac',
    encode: ['-c:a', 'aac', '-b:a', '192k'],
    // Fragmented MP4 needs no seek back to write the index. Time-based fragments: +frag_keyframe on
    // audio-only output cuts a fragment per packet and yields undecodable frames in long files.
    mux: ['-f', 'mp4', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '2000000'],
    // An ordinary MP4, index first: ffmpeg 5.1 writes covr (and a chapter track) only there.
    fileMux: ['-f', 'mp4', '-movflags', '+faststart'],
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

/** LAME's VBR presets, by quality name. */
const VBR_LEVELS: Partial<Record<Mp3Quality, string>> = { V0: '0', V2: '2' };

export function isVbr(quality: Mp3Quality | undefined): boolean {
  return quality !== undefined && VBR_LEVELS[quality] !== undefined;
}

/** libmp3lame's rate options: `-b:a 320k` (CBR) or `-q:a 0` (VBR). */
export function mp3RateArgs(quality: Mp3Quality = DEFAULT_MP3_QUALITY): string[] {
  const level = VBR_LEVELS[quality];
  return level === undefined ? ['-b:a', `${quality}k`] : ['-q:a', level];
}

/**
 * Whether ffmpeg must write a local file (streamed out afterwards) instead of the pipe: a VBR mp3 needs
 * its Xing header, which is written last at the start of the file; an m4a with a picture or chapters
 * needs an ordinary MP4 (the fragmented writer of ffmpeg 5.1 turns the picture into a video track); an mp3
 * with a picture or chapters has an ID3 tag larger than the pipe's buffer, whose size is written last.
 */
export function needsSeekableOutput(options: EncoderOptions): boolean {
  const extras = options.coverArtPath !== undefined || (options.chapters?.length ?? 0) > 0;
  if (options.format === 'mp3') return isVbr(options.quality) || extras;
  return options.format === 'm4a' && extras;
}

function codecArgs(options: EncoderOptions): string[] {
  if (canCopy(options.format, options.sourceCodec)) {
    // With a trim, the packets before the start are dropped, not copied with negative timestamps.
    return ['-c:a', 'copy', ...(options.trim?.startSeconds ? ['-copypriorss', '0'] : [])];
  }
  const recipe = RECIPES[options.format];
  return options.format === 'mp3' ? [...recipe.encode, ...mp3RateArgs(options.quality)] : recipe.encode;
}

/** Metadata: none from the source; chapters (and the Ogg picture block) from the ffmetadata input. */
function metadataArgs(layout: OutputLayout): string[] {
  const input = layout.metadataInput;
  if (input === undefined) return ['-map_metadata', '-1', '-map_chapters', '-1'];
  // Not `-map_metadata -1`: that also strips the titles of the chapters mapped from the ffmetadata input.
  return ['-map_metadata:g', String(input), '-map_metadata:s', '-1', '-map_chapters', String(input)];
}

/** The cover picture as an attached picture stream, copied as is (mp3 APIC "Cover (front)", m4a covr). */
function coverArgs(format: AudioFormat, layout: OutputLayout): string[] {
  if (layout.coverInput === undefined || format === 'opus') return [];
  const args = ['-map', `${layout.coverInput}:v:0`, '-c:v', 'copy', '-disposition:v:0', 'attached_pic'];
  // id3v2enc picks the APIC picture type by the stream's comment.
  if (format === 'mp3') args.push('-metadata:s:v:0', 'comment=Cover (front)');
  return args;
}

/**
 * On a pipe ffmpeg flushes after every packet: an mp3 frame, an AAC or Opus packet (a few hundred bytes),
 * each a write and a read by Node. Off, it writes whole 32 KiB buffers (a 30-minute PCM decode: 9,600
 * chunks instead of 74,000).
 */
export const PIPE_WRITES = ['-flush_packets', '0'];

/**
 * Arguments that follow the inputs: first audio stream only, source tags and chapters dropped, our tags
 * (and pictures, chapters) written, encoded (or copied) and muxed to the destination. An args array,
 * never a shell string. The trim's start and end are input and duration options (see transcode.ts).
 */
export function encoderArgs(options: EncoderOptions, layout: OutputLayout = {}): string[] {
  const recipe = RECIPES[options.format];
  const destination = layout.destination ?? 'pipe:1';
  const tags: string[] = [];
  if (options.title) tags.push('-metadata', `title=${options.title}`);
  if (options.artist) tags.push('-metadata', `artist=${options.artist}`);
  const cover = coverArgs(options.format, layout);
  return [
    // -vn would also drop a mapped picture; the audio map selects no video anyway.
    ...(cover.length ? [] : ['-vn']),
    '-map',
    '0:a:0',
    ...cover,
    ...metadataArgs(layout),
    ...codecArgs(options),
    ...tags,
    ...(destination === 'pipe:1' ? [...recipe.mux, ...PIPE_WRITES] : (recipe.fileMux ?? recipe.mux)),
    destination,
  ];
}
