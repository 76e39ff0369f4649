/** The InnerTube clients the youtubei driver asks, in order, and what each one's answer needs. */

/** youtubei.js 18's client names (its Constants.SUPPORTED_CLIENTS; a test keeps them equal). */
export const SUPPORTED_CLIENTS = [
  'IOS',
  'WEB',
  'MWEB',
  'YTKIDS',
  'YTMUSIC',
  'ANDROID',
  'ANDROID_VR',
  'VISIONOS',
  'YTSTUDIO_ANDROID',
  'YTMUSIC_ANDROID',
  'TV',
  'TV_SIMPLY',
  'TV_EMBEDDED',
  'WEB_EMBEDDED',
  'WEB_CREATOR',
] as const;
export type YoutubeClient = (typeof SUPPORTED_CLIENTS)[number];

/**
 * VISIONOS answers with direct URLs (no cipher, no `n`: recorded in 2026). ANDROID_VR asks for no
 * player script either. TV and WEB_EMBEDDED still get URLs, but ciphered with the n-challenge, so
 * they need the player script (run in the sandbox). WEB, MWEB and ANDROID get SABR-only answers.
 */
export const DEFAULT_YOUTUBE_CLIENTS: readonly YoutubeClient[] = [
  'VISIONOS',
  'ANDROID_VR',
  'TV',
  'WEB_EMBEDDED',
];

/** Clients whose format URLs carry a signature cipher or `n` challenge the player script solves. */
const NEEDS_PLAYER = new Set([
  'WEB',
  'MWEB',
  'TV',
  'TV_SIMPLY',
  'TV_EMBEDDED',
  'WEB_EMBEDDED',
  'WEB_CREATOR',
  'YTMUSIC',
  'YTKIDS',
]);

export function needsPlayer(client: string): boolean {
  return NEEDS_PLAYER.has(client);
}
