/** How validate says a file has no sound; the rejection email turns it into plain words (email/rejected.ts). */
export const NO_AUDIO_TRACK = 'has no audio track';
