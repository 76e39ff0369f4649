/** Picks the audio format to fetch for a target format: a copyable codec when YouTube has one, the original track. */
import type { Misc } from 'youtubei.js';
import type { AudioFormat } from '../../types.js';
import { ffmpegCodecName } from './codec.js';

type Format = Misc.Format;

/** A format a plain HTTP download can fetch: a URL or a signature cipher (SABR-only ones have neither). */
export function isDownloadable(format: Format): boolean {
  return Boolean(format.url || format.signature_cipher || format.cipher);
}

/**
 * The original-language track: `audioTrack.audioIsDefault` on videos with several tracks, else the
 * `xtags`-derived `is_original` (not dubbed, auto-dubbed, descriptive or DRC). Videos without
 * either have one track, which is the original.
 */
function originalTrack(formats: Format[]): Format[] {
  const withTracks = formats.filter((format) => format.audio_track);
  if (withTracks.length > 0) {
    const defaults = withTracks.filter((format) => format.audio_track?.audio_is_default);
    if (defaults.length > 0) return withoutDrc(defaults);
  }
  const originals = formats.filter((format) => format.is_original);
  return withoutDrc(originals.length > 0 ? originals : formats);
}

/** Dynamic-range-compressed variants (quieter peaks) only when nothing else is there. */
function withoutDrc(formats: Format[]): Format[] {
  const plain = formats.filter((format) => !format.is_drc);
  return plain.length > 0 ? plain : formats;
}

/** The codec a target format can copy without re-encoding (m4a holds AAC, opus holds Opus). */
const COPYABLE: Partial<Record<AudioFormat, string>> = { m4a: 'aac', opus: 'opus' };

/**
 * The audio-only, downloadable format to fetch for `target`: for m4a the best AAC (itag 140
 * family), for opus the best Opus (251 family), else (or when YouTube has no such stream) the
 * highest bitrate. Undefined when no audio format can be downloaded (SABR-only answers).
 */
export function chooseAudioFormat(formats: Format[], target: AudioFormat | undefined): Format | undefined {
  const audio = formats.filter((format) => format.has_audio && !format.has_video && isDownloadable(format));
  const tracks = originalTrack(audio);
  const byBitrate = [...tracks].sort((a, b) => (b.bitrate ?? 0) - (a.bitrate ?? 0));
  const wanted = target ? COPYABLE[target] : undefined;
  return byBitrate.find((format) => wanted && ffmpegCodecName(format.mime_type) === wanted) ?? byBitrate[0];
}
