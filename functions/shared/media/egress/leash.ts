/**
 * What ffprobe and ffmpeg may do with a source: the protocols they may open (http sources reach the
 * network only through the egress door), the demuxers they may use (single media files: no playlists,
 * manifests, concat or sdp, which would open further URLs), and an environment that cannot undo the proxy.
 */

/** Protocols for an http(s) source read through the door (`httpproxy` is ffmpeg's CONNECT for https). */
export const HTTP_PROTOCOLS = ['http', 'https', 'tcp', 'tls', 'httpproxy'] as const;
export const FILE_PROTOCOLS = ['file'] as const;
export const PIPE_PROTOCOLS = ['pipe'] as const;

/**
 * Demuxers of single media files. Not `hls`, `dash`, `concat`, `sdp`, `rtsp`, `image2`, `tee`, ... : each
 * of those opens URLs named inside the file.
 */
export const MEDIA_DEMUXERS = [
  'mov', // mp4, m4a, 3gp (external data references stay off: enable_drefs defaults to 0)
  'matroska', // mkv, webm
  'mp3',
  'ogg',
  'wav',
  'w64',
  'flac',
  'aac',
  'aiff',
  'caf',
  'asf', // wma, wmv
  'avi',
  'flv',
  'mpegts',
  'mpeg',
  'amr',
  'ac3',
  'eac3',
  'dts',
] as const;

/** The demuxer to force at extraction: the first name of ffprobe's `format_name`, if it is one we read. */
export function forcedDemuxer(formatName: string | undefined): string | undefined {
  const first = formatName?.split(',')[0]?.trim();
  return first && (MEDIA_DEMUXERS as readonly string[]).includes(first) ? first : undefined;
}

/** Input options that hold every ffmpeg/ffprobe read to the protocols and demuxers above. */
export function leashArgs(protocols: readonly string[], proxyUrl?: string, demuxer?: string): string[] {
  return [
    '-protocol_whitelist',
    protocols.join(','),
    '-format_whitelist',
    MEDIA_DEMUXERS.join(','),
    ...(proxyUrl ? ['-http_proxy', proxyUrl] : []),
    ...(demuxer ? ['-f', demuxer] : []),
  ];
}

/** The child's environment without the variables that would let ffmpeg bypass or replace the door. */
export function toolEnvironment(): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- the OS environment a child inherits, not our configuration
  const env = { ...process.env };
  for (const name of [
    'no_proxy',
    'NO_PROXY',
    'http_proxy',
    'HTTP_PROXY',
    'https_proxy',
    'HTTPS_PROXY',
    'all_proxy',
    'ALL_PROXY',
  ]) {
    delete env[name];
  }
  return env;
}

/** Demuxers of the extra inputs the encoder prepares itself: a cover JPEG's bytes and an ffmetadata file. */
export type LocalInputDemuxer = 'jpeg_pipe' | 'ffmetadata';

/**
 * An extra input of the encoder's own making: a local file only (`file:`, so no name reads as another
 * protocol), its demuxer forced and the only one allowed (`jpeg_pipe`, not `image2`, which expands patterns).
 */
export function localInputArgs(demuxer: LocalInputDemuxer, path: string): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', demuxer, '-f', demuxer, '-i', `file:${path}`];
}
