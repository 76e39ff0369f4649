/** The email that says, in plain words, why a video was refused; and the reason stored on the job. */
import { renderEmail, type EmailContent } from './layout.js';
import { unlinkedUrl } from './unlinked.js';
import { NO_AUDIO_TRACK } from '../media/no-audio.js';

export interface Rejection {
  /** One sentence saying what is wrong: also the job's `reason`. */
  reason: string;
  /** What the requester can do about it. */
  advice: string;
}

const REJECTIONS: Record<string, Rejection> = {
  VideoTooLong: {
    reason: 'The video is longer than we can convert.',
    advice: 'Please choose a shorter video.',
  },
  VideoUnavailable: {
    reason: 'The video is private, removed or restricted (for example age-restricted), so we cannot play it.',
    advice: 'If the video is yours, make it public or unlisted and send the link again.',
  },
  VideoIsLive: {
    reason: 'The link points to a live stream, or to a premiere that has not started yet.',
    advice: 'Once the stream has ended and its recording is published, send the link again.',
  },
  SourceBlocked: {
    reason:
      'YouTube refused our request for now. This happens from time to time and is not a problem with your link.',
    advice: 'Please try again later.',
  },
  TrimOutOfRange: {
    reason: 'The start you asked for is at or past the end of the video.',
    advice: 'Choose a start inside the video, or leave it out to start at the beginning.',
  },
  InvalidSource: {
    reason: 'We cannot take audio from this link.',
    advice: 'Send a link to a YouTube video, or a direct link to an audio or video file.',
  },
};

const NO_AUDIO: Rejection = {
  reason: 'The file has no audio track, so there is no sound to convert.',
  advice: 'Send a link to a video or audio file that has sound.',
};

const UNKNOWN_REJECTION: Rejection = {
  reason: 'We could not convert this video.',
  advice: 'Please check the link and try again.',
};

/**
 * The plain-words rejection for an error name. Only VideoTooLong's and TrimOutOfRange's own messages are shown, because
 * validate writes it for people ("The video is 45 minutes long; the limit is 30 minutes."); a file
 * without sound gets its own sentence rather than InvalidSource's generic one.
 */
export function describeRejection(errorName: string, message?: string): Rejection {
  const known = REJECTIONS[errorName] ?? UNKNOWN_REJECTION;
  if ((errorName === 'VideoTooLong' || errorName === 'TrimOutOfRange') && message?.trim()) {
    return { ...known, reason: message.trim() };
  }
  if (errorName === 'InvalidSource' && message?.includes(NO_AUDIO_TRACK)) return NO_AUDIO;
  return known;
}

export interface RejectedEmailInput {
  rejection: Rejection;
  /** The link the requester sent: shown broken, never as a link. */
  url: string;
  /** Known when the source could be probed before the rejection. */
  title?: string;
}

export function rejectedEmail({ rejection, url, title }: RejectedEmailInput): EmailContent {
  const details: [string, string][] = title
    ? [
        ['Title', title],
        ['Link', unlinkedUrl(url)],
      ]
    : [['Link', unlinkedUrl(url)]];
  return renderEmail(title ? `We could not convert: ${title}` : 'We could not convert your video', {
    heading: 'We could not convert this video',
    paragraphs: [rejection.reason, rejection.advice],
    details,
  });
}
