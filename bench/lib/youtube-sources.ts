/**
 * YouTube-shaped bench sources, made once into `.bench/sources/`: itag 251 (Opus ~160k in WebM, 48 kHz)
 * and itag 140 (AAC 128k in fragmented MP4, 44.1 kHz), a tone and pink noise as in benchSource.
 */
import { join } from 'node:path';
import { cachedToneAndNoise, SOURCES_DIR } from './sources.js';

export interface YouTubeSource {
  itag: 251 | 140;
  /** What the driver reports as the codec it opened, so a same-codec format is copied. */
  codec: 'opus' | 'aac';
  label: string;
  path: string;
}

const SHAPES = {
  251: { codec: 'opus', ext: 'webm', rate: 48000, args: ['-c:a', 'libopus', '-b:a', '160k', '-f', 'webm'] },
  // frag_keyframe+empty_moov: a moov without samples, then a moof per fragment, as googlevideo's DASH files.
  140: {
    codec: 'aac',
    ext: 'm4a',
    rate: 44100,
    args: ['-c:a', 'aac', '-b:a', '128k', '-movflags', 'frag_keyframe+empty_moov', '-f', 'mp4'],
  },
} as const;

export async function youtubeSource(itag: 251 | 140, seconds: number): Promise<YouTubeSource> {
  const shape = SHAPES[itag];
  const label = itag === 251 ? 'WebM/Opus 160k (itag 251)' : 'fragmented M4A/AAC 128k (itag 140)';
  const path = await cachedToneAndNoise(
    join(SOURCES_DIR, `youtube-${itag}-${seconds}s.${shape.ext}`),
    { seconds, sampleRate: shape.rate, frequency: 440, seed: itag },
    [...shape.args],
  );
  return { itag, codec: shape.codec, label, path };
}
