/**
 * Turns a recorded player answer into what one client gets: direct URLs, ciphered URLs with an
 * n-challenge, or SABR-only formats; durations and lengths adjusted to the generated audio.
 */
import { AUDIO_ITAGS, type GeneratedAudio } from './youtube-audio.js';
import { solveChallenge } from './youtube-player.js';

export type ClientAnswer = 'urls' | 'ciphered' | 'sabr';

/** The signature the fake googlevideo wants; ciphered answers carry it reversed. */
export const SIGNATURE = 'AOq0QJ8wRgIhAFakeSignature';

const MEDIA_HOST = 'https://rr3---sn-fake0ab.googlevideo.com';

interface ShapeOptions {
  answer: ClientAnswer;
  client: string;
  seconds: number;
  audioFor: (itag: number, track?: string) => Promise<GeneratedAudio>;
}

type Format = Record<string, unknown> & { itag: number; mimeType: string; url?: string };

/** The recorded URL (or one built like it) with our length, duration and client. */
function mediaUrl(
  format: Format,
  videoId: string,
  client: string,
  bytes: number | undefined,
  seconds: number,
): URL {
  const url = format.url
    ? new URL(format.url)
    : new URL(
        `${MEDIA_HOST}/videoplayback?expire=1780889123&id=o-${videoId}&itag=${format.itag}&source=youtube`,
      );
  url.searchParams.set('itag', String(format.itag));
  if (bytes !== undefined) url.searchParams.set('clen', String(bytes));
  url.searchParams.set('dur', seconds.toFixed(3));
  url.searchParams.set('c', client);
  if (typeof format.xtags === 'string') url.searchParams.set('xtags', format.xtags);
  return url;
}

async function shapeFormat(format: Format, videoId: string, options: ShapeOptions): Promise<Format> {
  const shaped: Format = { ...format };
  delete shaped.url;
  delete shaped.signatureCipher;
  const audio = AUDIO_ITAGS[format.itag]
    ? await options.audioFor(format.itag, typeof format.xtags === 'string' ? format.xtags : '')
    : undefined;
  if (audio) shaped.contentLength = String(audio.bytes);
  shaped.approxDurationMs = String(options.seconds * 1000);
  if (options.answer === 'sabr') return shaped;
  const url = mediaUrl(format, videoId, options.client, audio?.bytes, options.seconds);
  if (options.answer === 'urls') {
    url.searchParams.delete('n');
    return { ...shaped, url: url.href };
  }
  const challenge = `nCh4ll${format.itag}x`;
  url.searchParams.set('n', challenge);
  url.searchParams.set('fake-cipher', '1');
  url.searchParams.set('fake-n-solved', solveChallenge(challenge));
  url.searchParams.delete('sig');
  const cipher = new URLSearchParams({ s: solveChallenge(SIGNATURE), sp: 'sig', url: url.href });
  return { ...shaped, signatureCipher: cipher.toString() };
}

/** A deep copy of `base` as `options.client` would get it. */
export async function shapeAnswer(
  base: Record<string, unknown>,
  options: ShapeOptions,
): Promise<Record<string, unknown>> {
  const answer = structuredClone(base) as {
    videoDetails?: { videoId?: string; lengthSeconds?: string; isLive?: boolean };
    streamingData?: Record<string, unknown> & { adaptiveFormats?: Format[]; formats?: Format[] };
  };
  const details = answer.videoDetails;
  if (details && !details.isLive && details.lengthSeconds !== '0')
    details.lengthSeconds = String(options.seconds);
  const streaming = answer.streamingData;
  if (streaming && !details?.isLive) {
    const videoId = details?.videoId ?? 'unknown';
    for (const key of ['adaptiveFormats', 'formats'] as const) {
      const formats = streaming[key];
      if (formats)
        streaming[key] = await Promise.all(formats.map((format) => shapeFormat(format, videoId, options)));
    }
    if (options.answer === 'sabr') {
      streaming.serverAbrStreamingUrl = `${MEDIA_HOST}/videoplayback?sabr=1&expire=1780889123&c=${options.client}`;
    }
  }
  return answer as Record<string, unknown>;
}
