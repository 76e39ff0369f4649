/**
 * Asks InnerTube as each configured client in turn until one answers with an audio format a plain
 * HTTP download can fetch. Answers about the video (private, removed...) stop at once.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Innertube, Misc, Types, YT } from 'youtubei.js';
import { VideoUnavailable } from '../../errors.js';
import { logger } from '../../logger.js';
import type { AudioFormat } from '../../types.js';
import type { FetchFunction } from '../proxy-fetch.js';
import { needsPlayer } from './clients.js';
import { chooseAudioFormat } from './format-choice.js';
import { classifyYoutubeFailure, DEPLOYMENT_HINT, DriverUnusable } from './messages.js';
import { readPlayability } from './playability.js';
import { failureText, loadYoutubei } from './youtubei-library.js';

export interface Resolved {
  client: string;
  info: YT.VideoInfo;
  isLive: boolean;
  /** Absent for live streams (Validate refuses them before any download). */
  format?: Misc.Format;
  /** The deciphered URL of `format`. */
  url?: string;
}

export interface AskOptions {
  clients: Types.InnerTubeClient[];
  target?: AudioFormat;
  fetch: FetchFunction;
  playerCacheDir?: string;
}

/** Why a client gave nothing usable; decides the error when no client does. */
type Miss = 'generic-unavailable' | 'sabr-only' | 'decipher' | 'bot-check' | 'other';

const defaultPlayerCache = () => join(tmpdir(), 'audio-sync', 'youtube-player');

/** The player script, fetched once per player version and kept on disk for warm invocations. */
async function ensurePlayer(youtube: Innertube, options: AskOptions): Promise<void> {
  if (youtube.session.player) return;
  const { Player, UniversalCache } = await loadYoutubei();
  const cache = new UniversalCache(true, options.playerCacheDir ?? defaultPlayerCache());
  youtube.session.player = await Player.create(cache, options.fetch);
}

/** Solves the format's cipher and n-challenge (in the sandbox) when it has them. */
async function formatUrl(youtube: Innertube, format: Misc.Format, options: AskOptions): Promise<string> {
  const hasChallenge = Boolean(format.signature_cipher || format.cipher) || /[?&]n=/.test(format.url ?? '');
  if (hasChallenge) await ensurePlayer(youtube, options);
  const url = await format.decipher(youtube.session.player);
  if (/[?&]n=enhanced_except/.test(url))
    throw new Error(`the n-challenge solver failed for itag ${format.itag}`);
  return url;
}

/** One client's answer: the resolution, or why it missed. Throws answers about the video. */
async function askClient(
  youtube: Innertube,
  videoId: string,
  client: Types.InnerTubeClient,
  options: AskOptions,
): Promise<Resolved | { miss: Miss; detail: string }> {
  if (needsPlayer(client)) await ensurePlayer(youtube, options);
  const info = await youtube.getBasicInfo(videoId, { client });
  const status = info.playability_status;
  const playability = readPlayability(videoId, {
    status: status?.status,
    reason: status?.reason,
    empty: !status && !info.basic_info.id && !info.basic_info.title,
  });
  if (playability.kind === 'bot-check') return { miss: 'bot-check', detail: playability.reason };
  if (playability.kind === 'client') {
    return { miss: playability.generic ? 'generic-unavailable' : 'other', detail: playability.reason };
  }
  const details = info.basic_info;
  const isLive = playability.kind === 'offline-live' || Boolean(details.is_live || details.is_upcoming);
  if (!details.title || (!isLive && !details.duration)) {
    return { miss: 'other', detail: 'no title or duration in the answer' };
  }
  if (isLive) return { client, info, isLive };
  const formats = [...(info.streaming_data?.adaptive_formats ?? []), ...(info.streaming_data?.formats ?? [])];
  const format = chooseAudioFormat(formats, options.target);
  if (!format)
    return { miss: 'sabr-only', detail: `SABR-only answer (${formats.length} formats, none with a URL)` };
  try {
    return { client, info, isLive, format, url: await formatUrl(youtube, format, options) };
  } catch (error) {
    return { miss: 'decipher', detail: `deciphering failed: ${(error as Error).message}` };
  }
}

/** A client's failed request as a miss; throws the errors that answer for every client (unavailable, network). */
function missFromError(error: unknown, videoId: string): { miss: Miss; detail: string } {
  if (error instanceof VideoUnavailable) throw error;
  // youtubei.js throws on an ERROR status (removed, terminated), YouTube's own reason in `info`.
  const info = (error as { info?: { status?: unknown; reason?: unknown } }).info;
  const reason = typeof info?.reason === 'string' ? info.reason : ((error as Error).message ?? '');
  const status = typeof info?.status === 'string' ? info.status : 'ERROR';
  if (readPlayability(videoId, { status, reason, empty: false }).kind === 'bot-check') {
    return { miss: 'bot-check', detail: reason };
  }
  const classified = classifyYoutubeFailure(failureText(error), videoId, error);
  if (!(classified instanceof DriverUnusable)) throw classified;
  return { miss: classified.reason === 'broken' ? 'other' : 'bot-check', detail: classified.message };
}

/** The first client's usable answer; VideoUnavailable, or DriverUnusable naming every client, when none. */
export async function askClients(
  youtube: Innertube,
  videoId: string,
  options: AskOptions,
): Promise<Resolved> {
  const misses: { client: string; miss: Miss; detail: string }[] = [];
  for (const client of options.clients) {
    let answer: Awaited<ReturnType<typeof askClient>>;
    try {
      answer = await askClient(youtube, videoId, client, options);
    } catch (error) {
      answer = missFromError(error, videoId);
    }
    if (!('miss' in answer)) return answer;
    logger.info('InnerTube client gave no usable answer; asking the next', { client, miss: answer.miss });
    misses.push({ client, ...answer });
  }
  const summary = misses.map((miss) => `${miss.client}: ${miss.detail}`).join('; ');
  if (misses.every((miss) => miss.miss === 'generic-unavailable')) {
    throw new VideoUnavailable(`${videoId} cannot be downloaded: YouTube says it is not available`);
  }
  if (misses.every((miss) => miss.miss === 'bot-check' || miss.miss === 'generic-unavailable')) {
    throw new DriverUnusable('bot-check', `YouTube asked every client for a bot check (${summary})`);
  }
  throw new DriverUnusable(
    'broken',
    `No InnerTube client gave a downloadable audio format (${summary}); ${DEPLOYMENT_HINT}`,
  );
}
