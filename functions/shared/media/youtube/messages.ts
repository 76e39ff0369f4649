/** Classifies YouTube's and the extractors' error texts into what the driver chain does next. */
import { SourceUnreachable, VideoIsLive, VideoUnavailable } from '../../errors.js';

/** What an operator reads when every driver or client broke: only a deployment fixes it. */
export const DEPLOYMENT_HINT = 'deployment problem: update yt-dlp / change client order (YOUTUBE_CLIENTS)';

/** Why a driver could not answer: the chain tries the next driver on each of these. */
export type DriverFailure = 'broken' | 'forbidden' | 'bot-check';

/** A driver could not answer for a reason another driver may not share. Never leaves the chain. */
export class DriverUnusable extends Error {
  constructor(
    readonly reason: DriverFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DriverUnusable';
  }
}

export const BOT_CHECK =
  /confirm you.?re not a bot|not a robot|unusual traffic|captcha|HTTP Error 429|Too Many Requests|(content|video) isn.?t available, try again later/i;
const UNAVAILABLE =
  /private video|video is private|video unavailable|video is unavailable|has been removed|no longer available|available in your country|account .* terminated|confirm your age|age.restricted|inappropriate for some users|members.only|join this channel|available to this channel.?s members|Music Premium|copyright claim|video does not exist|This video is not available/i;
const LIVE = /live event will begin|premieres? in|will begin in a few moments/i;
const FORBIDDEN = /HTTP Error 403|status code 403|\b403 Forbidden\b/i;
const NETWORK =
  /Temporary failure in name resolution|Name or service not known|getaddrinfo|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|timed out|Connection refused|Connection reset|Network is unreachable|fetch failed|HTTP Error 5\d\d|status code 5\d\d|socket hang up/i;

/**
 * Turns a failure text into the error to throw: an answer (unavailable, live), a network fault, or
 * DriverUnusable so the chain moves on. Order matters: a bot check often mentions "unavailable" too.
 */
export function classifyYoutubeFailure(text: string, videoId: string, cause?: unknown): Error {
  const options = cause === undefined ? undefined : { cause };
  const summary = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (BOT_CHECK.test(text))
    return new DriverUnusable('bot-check', `YouTube asked for a bot check: ${summary}`, options);
  if (FORBIDDEN.test(text))
    return new DriverUnusable('forbidden', `YouTube answered 403: ${summary}`, options);
  if (LIVE.test(text)) return new VideoIsLive(`${videoId} is a live stream or an upcoming premiere`, options);
  if (UNAVAILABLE.test(text)) return new VideoUnavailable(`${videoId} is not available: ${summary}`, options);
  if (NETWORK.test(text)) return new SourceUnreachable(`YouTube could not be reached: ${summary}`, options);
  return new DriverUnusable('broken', `The extractor failed: ${summary}`, options);
}
