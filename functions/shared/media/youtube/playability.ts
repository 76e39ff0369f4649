/** Reads an InnerTube playability status: an answer about the video, or one about the client that asked. */
import { VideoUnavailable } from '../../errors.js';
import { BOT_CHECK } from './messages.js';

export type Playability =
  | { kind: 'playable' }
  | { kind: 'offline-live' }
  /** This client cannot play it; another may (the `ratingsdisabled` recording: VISIONOS no, ANDROID yes). */
  | { kind: 'client'; reason: string; generic: boolean }
  | { kind: 'bot-check'; reason: string };

/** YouTube's reasons that hold for every client: the video itself is not playable for us. */
const VIDEO_REASONS: [RegExp, string][] = [
  [/video is private|private video/i, 'it is private'],
  [/available to this channel.?s members|members.only|join this channel/i, 'it is for channel members only'],
  [/Music Premium|YouTube Premium/i, 'it needs a YouTube Music Premium subscription'],
  [
    /available in your country|not available in this country|blocked it in your country/i,
    'it is not available in this country',
  ],
  [/confirm your age|age.restricted|inappropriate for some users/i, 'it is age-restricted'],
  [
    /has been removed|account .*terminated|no longer available|copyright claim|violat/i,
    'it has been removed',
  ],
  [
    /video (is )?unavailable|does not exist|video isn.?t available anymore/i,
    'it does not exist or has been removed',
  ],
];

/** The generic text one client gets while another plays the video. */
const CLIENT_REASON = /^\s*(This video is not available\.?)?\s*$/i;

/**
 * `status` and `reason` from `playabilityStatus`; `empty` when YouTube sent `{}` (no status, no
 * details), which for a well-formed id means it does not exist. Throws VideoUnavailable for answers
 * about the video, returns what the client chain should do otherwise.
 */
export function readPlayability(
  videoId: string,
  answer: { status?: string; reason?: string; empty: boolean },
): Playability {
  if (answer.empty) throw new VideoUnavailable(`${videoId} does not exist`);
  const status = answer.status ?? 'OK';
  const reason = (answer.reason ?? '').replace(/\s+/g, ' ').trim();
  if (status === 'OK') return { kind: 'playable' };
  if (status === 'LIVE_STREAM_OFFLINE') return { kind: 'offline-live' };
  if (BOT_CHECK.test(reason)) return { kind: 'bot-check', reason };
  for (const [pattern, plain] of VIDEO_REASONS) {
    if (pattern.test(reason)) {
      throw new VideoUnavailable(
        `${videoId} cannot be downloaded: ${plain} (YouTube: ${JSON.stringify(reason.slice(0, 200))})`,
      );
    }
  }
  if (status === 'LOGIN_REQUIRED' && !reason)
    throw new VideoUnavailable(`${videoId} cannot be downloaded: it is private`);
  if (CLIENT_REASON.test(reason)) return { kind: 'client', reason: reason || status, generic: true };
  return { kind: 'client', reason: `${status}: ${reason}`, generic: false };
}
