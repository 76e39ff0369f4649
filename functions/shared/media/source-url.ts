/** Parses a user-supplied source URL into its kind, stable id and normalised form, without network access. */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvalidSource } from '../errors.js';
import { isAllowedAddress, isAllowedHostname, type PrivateSourcePolicy } from './address-policy.js';
import { youtubeStartSeconds } from './trim-time.js';
import type { SourceKind } from './types.js';

export interface ParsedSourceUrl {
  kind: SourceKind;
  /** The 11-char YouTube id, `url-<16 hex>` or `file-<16 hex>`. */
  videoId: string;
  /** YouTube: `https://www.youtube.com/watch?v=<id>`; http: the normalised URL; file: the `file://` URL. */
  url: string;
  /** YouTube only: the start the link asks for with `t=` (seconds), which a job takes when it names none. */
  startSeconds?: number;
}

export interface ParseSourceOptions {
  allowFile: boolean;
  allowPrivate: PrivateSourcePolicy;
  /** SOURCE_KINDS: the kinds accepted besides `file:` (default YouTube and http). */
  kinds?: readonly ('youtube' | 'http')[];
}

export const MAX_SOURCE_URL_LENGTH = 2048;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtube-nocookie.com',
  'www.youtube-nocookie.com',
]);
const SHORT_HOSTS = new Set(['youtu.be', 'www.youtu.be']);
/** Path prefixes whose next segment is the video id. */
const ID_PATHS = new Set(['shorts', 'embed', 'live', 'v', 'e']);

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function youtubeWatchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${videoId}`;
}

/** The video id of a YouTube URL, or undefined when the host is not YouTube's. Throws on a non-video YouTube link. */
function youtubeVideoId(url: URL, host: string): string | undefined {
  const segments = url.pathname.split('/').filter(Boolean);
  let candidate: string | null | undefined;
  if (SHORT_HOSTS.has(host)) candidate = segments[0];
  else if (!YOUTUBE_HOSTS.has(host)) return undefined;
  else if (segments[0] === 'watch') candidate = url.searchParams.get('v');
  else if (segments[0] && ID_PATHS.has(segments[0])) candidate = segments[1];

  if (!candidate || !YOUTUBE_ID.test(candidate)) {
    throw new InvalidSource(`${url.href} is not a YouTube video link`);
  }
  return candidate;
}

function parseFile(url: URL, options: ParseSourceOptions): ParsedSourceUrl {
  if (!options.allowFile) throw new InvalidSource('file: URLs are not accepted here');
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    throw new InvalidSource(`${url.href} is not a local file URL`);
  }
  return { kind: 'file', videoId: `file-${shortHash(path)}`, url: pathToFileURL(path).href };
}

function assertAllowedHost(host: string, port: number, options: ParseSourceOptions): void {
  if (!host) throw new InvalidSource('The URL has no host');
  if (!isAllowedHostname(host, options.allowPrivate, port)) {
    throw new InvalidSource(`The host ${host} is local and not accepted`);
  }
  if (
    isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0 &&
    !isAllowedAddress(host, options.allowPrivate, { hostname: host, port })
  ) {
    throw new InvalidSource(`The address ${host} is private or reserved and not accepted`);
  }
}

/** Classifies and normalises a source URL. Throws InvalidSource for anything unsupported or not allowed. */
export function parseSourceUrl(input: string, options: ParseSourceOptions): ParsedSourceUrl {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidSource('The URL is empty');
  if (trimmed.length > MAX_SOURCE_URL_LENGTH) {
    throw new InvalidSource(`The URL is longer than ${MAX_SOURCE_URL_LENGTH} characters`);
  }
  // People paste `youtu.be/<id>` without a scheme; anything with a scheme keeps it and is checked below.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidSource(`${trimmed.slice(0, 200)} is not a valid URL`);
  }

  if (url.protocol === 'file:') return parseFile(url, options);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidSource(`${url.protocol} URLs are not supported; use an http(s) link`);
  }
  if (url.username || url.password) throw new InvalidSource('URLs with credentials are not accepted');

  const startSeconds = youtubeStartSeconds(url);
  url.hash = '';
  const host = url.hostname.replace(/\.$/, '');
  const kinds = options.kinds ?? ['youtube', 'http'];
  const youtubeId = youtubeVideoId(url, host);
  if (youtubeId) {
    if (!kinds.includes('youtube')) throw new InvalidSource('YouTube links are not accepted here');
    return {
      kind: 'youtube',
      videoId: youtubeId,
      url: youtubeWatchUrl(youtubeId),
      ...(startSeconds !== undefined ? { startSeconds } : {}),
    };
  }
  if (!kinds.includes('http')) {
    throw new InvalidSource('Only YouTube links are accepted here, not direct media URLs');
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  assertAllowedHost(host, port, options);
  url.hostname = host;
  const normalised = url.href;
  return { kind: 'http', videoId: `url-${shortHash(normalised)}`, url: normalised };
}
