/**
 * Player answers for cases nobody recorded, built from the recorded shapes: a video with dubbed
 * audio tracks (audioTrack + xtags as YouTube sends them) and 2026 wordings of unplayable reasons.
 */
import { recording } from './youtube-recorded.js';

/** YouTube's xtags: a base64url FormatXTags protobuf of repeated { key = 1, value = 2 } pairs. */
export function encodeXtags(tags: Record<string, string>): string {
  const field = (number: number, bytes: Buffer) =>
    Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
  const pairs = Object.entries(tags).map(([key, value]) =>
    field(1, Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))])),
  );
  return Buffer.concat(pairs).toString('base64url');
}

export const DUBBED_ID = 'dUbB3dV1d3o';
export const ORIGINAL_XTAGS = encodeXtags({ acont: 'original', lang: 'en' });
export const DUBBED_XTAGS = encodeXtags({ acont: 'dubbed', lang: 'es' });

type Format = Record<string, unknown> & { itag: number; mimeType: string; bitrate: number };

/**
 * The cclicensed VISIONOS answer with each audio format twice: the original English track and a
 * Spanish dub at a higher bitrate, so picking by bitrate alone would take the dub.
 */
export function dubbedVideo(): Record<string, unknown> {
  const answer = structuredClone(recording('cclicensed', 'visionos').response) as {
    videoDetails: Record<string, unknown>;
    streamingData: { adaptiveFormats: Format[] };
  };
  answer.videoDetails.videoId = DUBBED_ID;
  const formats: Format[] = [];
  for (const format of answer.streamingData.adaptiveFormats) {
    if (!format.mimeType.startsWith('audio')) {
      formats.push(format);
      continue;
    }
    const url = (format.url as string).replace(/id=[^&]+/, `id=o-${DUBBED_ID}`);
    formats.push({
      ...format,
      url,
      xtags: DUBBED_XTAGS,
      bitrate: format.bitrate + 5000,
      audioTrack: { displayName: 'Spanish', id: 'es.3', audioIsDefault: false },
    });
    formats.push({
      ...format,
      url,
      xtags: ORIGINAL_XTAGS,
      audioTrack: { displayName: 'English original', id: 'en.4', audioIsDefault: true },
    });
  }
  answer.streamingData.adaptiveFormats = formats;
  return answer;
}

/** The private-video recording's shape with another status and reason (YouTube's 2026 wordings). */
export function unplayable(videoId: string, status: string, reason: string): Record<string, unknown> {
  const answer = structuredClone(recording('privatecontent', 'android').response) as {
    playabilityStatus: Record<string, unknown>;
    videoDetails?: Record<string, unknown>;
  };
  answer.playabilityStatus = { status, reason };
  if (answer.videoDetails) answer.videoDetails.videoId = videoId;
  return answer;
}

export const UNPLAYABLE_2026 = {
  membersOnly: [
    'UNPLAYABLE',
    "This video is available to this channel's members on level: Sponsor (or any higher level). Join this channel to get access to members-only content and other exclusive perks.",
  ],
  musicPremium: ['UNPLAYABLE', 'This video can only be played on YouTube Music Premium'],
  ageGated: [
    'LOGIN_REQUIRED',
    'Sign in to confirm your age. This video may be inappropriate for some users.',
  ],
  removed: ['ERROR', 'This video has been removed by the uploader'],
  terminated: [
    'ERROR',
    'This video is no longer available because the YouTube account associated with this video has been terminated.',
  ],
  botCheck: ['LOGIN_REQUIRED', 'Sign in to confirm you’re not a bot'],
} as const;
