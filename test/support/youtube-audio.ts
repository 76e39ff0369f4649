/** Audio generated for the fake googlevideo: WebM/Opus and fragmented-MP4/AAC, as YouTube serves its itags. */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What each audio itag is on YouTube: codec and nominal bitrate in kbit/s. */
export const AUDIO_ITAGS: Record<number, { codec: 'opus' | 'aac'; kbps: number }> = {
  249: { codec: 'opus', kbps: 48 },
  250: { codec: 'opus', kbps: 64 },
  251: { codec: 'opus', kbps: 128 },
  600: { codec: 'opus', kbps: 32 },
  139: { codec: 'aac', kbps: 48 },
  140: { codec: 'aac', kbps: 128 },
  599: { codec: 'aac', kbps: 32 },
};

export interface GeneratedAudio {
  path: string;
  bytes: number;
  mimeType: string;
}

/**
 * One file per itag (and track tone, so two language tracks differ): Opus at 48 kHz in WebM, AAC
 * at 44.1 kHz in fragmented MP4 (YouTube's DASH audio has its index up front, no trailing moov).
 */
export async function generateItagAudio(
  directory: string,
  itag: number,
  seconds: number,
  frequency = 440,
  suffix = '',
): Promise<GeneratedAudio> {
  const spec = AUDIO_ITAGS[itag];
  if (!spec) throw new Error(`no generated audio for itag ${itag}`);
  const opus = spec.codec === 'opus';
  const path = join(directory, `itag-${itag}-${seconds}s${suffix}.${opus ? 'webm' : 'm4a'}`);
  const codecArgs = opus
    ? ['-ar', '48000', '-c:a', 'libopus', '-b:a', `${spec.kbps}k`, '-f', 'webm']
    : [
        '-ar',
        '44100',
        '-c:a',
        'aac',
        '-b:a',
        `${spec.kbps}k`,
        '-f',
        'mp4',
        '-movflags',
        '+frag_keyframe+empty_moov+default_base_moof',
      ];
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    // Noise over a tone, so the encoder spends its bitrate as on real music.
    `aevalsrc=0.5*sin(2*PI*${frequency}*t)+0.1*(random(0)-0.5):s=48000:d=${seconds}`,
    '-ac',
    '2',
    ...codecArgs,
    path,
  ]);
  return {
    path,
    bytes: statSync(path).size,
    mimeType: opus ? 'audio/webm; codecs="opus"' : 'audio/mp4; codecs="mp4a.40.2"',
  };
}
