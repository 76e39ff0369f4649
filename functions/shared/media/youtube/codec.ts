/** YouTube names codecs as RFC 6381 strings; extraction compares them with ffmpeg's names. */

/** `mp4a.40.2` → aac, `opus` → opus, `audio/webm; codecs="opus"` → opus. */
export function ffmpegCodecName(codecs: string | null | undefined): string | undefined {
  const value = /codecs="([^"]+)"/.exec(codecs ?? '')?.[1] ?? codecs ?? '';
  if (!value || value === 'none') return undefined;
  if (value.startsWith('mp4a')) return 'aac';
  if (value.startsWith('mp3')) return 'mp3';
  return value.split(/[.,]/)[0] || undefined;
}
