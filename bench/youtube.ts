/**
 * YouTube-shaped sources on a loopback googlevideo: 30-minute WebM/Opus (itag 251) and fragmented M4A/AAC
 * (itag 140), each to mp3, m4a and opus. Ours reads the URL as the youtubei driver does (10 MiB `&range=`
 * requests piped into ffmpeg) and encodes as extract does (parallel mp3 from 5 minutes, a copy when the codec
 * matches); the reference is one bare ffmpeg on the same URL with the same output arguments, into /dev/null.
 */
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PARALLEL_MP3_MIN_SECONDS } from '../functions/extract/extract-audio.js';
import { encoderArgs } from '../functions/shared/ffmpeg/encoder-args.js';
import { parallelMp3 } from '../functions/shared/ffmpeg/parallel-mp3.js';
import { transcode, type Transcode } from '../functions/shared/ffmpeg/transcode.js';
import type { AudioFormat } from '../functions/shared/types.js';
import { startReadyChild, stopChild, timeCommand } from './lib/child.js';
import { atLeast, atMost, figure, median, ratio, type Figure } from './lib/report.js';
import { youtubeSource, type YouTubeSource } from './lib/youtube-sources.js';

export interface YouTubePlan {
  seconds: number;
  /** Runs per row (medians reported); encodes cost ~40 cpu s each at 30 minutes, and the judged mp3 rows get three. */
  runs: { copy: number; mp3: number; encode: number };
  /** Encoder workers for mp3: [1, 2] shows what a second vCPU buys. */
  mp3Workers: number[];
  ffmpegPath: string;
  log: (line: string) => void;
}

const CHUNK_BYTES = 10 * 1024 * 1024;

/** The bytes of a googlevideo URL in 10 MiB `&range=` requests, as the youtubei driver reads them. */
async function* rangedChunks(url: string, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < size; start += CHUNK_BYTES) {
    const end = Math.min(start + CHUNK_BYTES, size) - 1;
    const response = await fetch(`${url}&range=${start}-${end}`);
    if (!response.ok || !response.body) throw new Error(`googlevideo answered ${response.status}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
  }
}

/** Extract's choice (functions/extract/extract-audio.ts): parallel mp3 when long enough, else one ffmpeg. */
function ours(
  plan: YouTubePlan,
  source: YouTubeSource,
  url: string,
  size: number,
  format: AudioFormat,
  workers: number,
): Transcode {
  const input = {
    type: 'stream' as const,
    stream: Readable.from(rangedChunks(url, size)),
    container: source.itag === 251 ? 'webm' : 'mp4',
  };
  const tags = { title: 'Bench', artist: 'Audio Sync Bench' };
  if (format === 'mp3' && workers > 1 && plan.seconds >= PARALLEL_MP3_MIN_SECONDS) {
    return parallelMp3({
      ffmpegPath: plan.ffmpegPath,
      input,
      durationSeconds: plan.seconds,
      workers,
      ...tags,
    });
  }
  return transcode({
    ffmpegPath: plan.ffmpegPath,
    input,
    format,
    sourceCodec: source.codec,
    expectedDurationSeconds: plan.seconds,
    ...tags,
  });
}

async function timeOurs(...args: Parameters<typeof ours>): Promise<number> {
  const started = performance.now();
  const running = ours(...args);
  await pipeline(running.output, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  await running.done;
  return (performance.now() - started) / 1000;
}

function referenceArgs(url: string, format: AudioFormat, codec: string): string[] {
  const output = encoderArgs({ format, sourceCodec: codec, title: 'Bench', artist: 'Audio Sync Bench' });
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-i',
    url,
    ...output.slice(0, -1),
    '-y',
    '/dev/null',
  ];
}

const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const FORMATS: AudioFormat[] = ['mp3', 'm4a', 'opus'];

export async function benchYouTube(plan: YouTubePlan): Promise<Figure[]> {
  const sources = [await youtubeSource(251, plan.seconds), await youtubeSource(140, plan.seconds)];
  // Served from another process, as googlevideo would be: its CPU is not the encoder's.
  const { ready, child } = await startReadyChild<{ urls: string[]; sizes: number[] }>(TSX, [
    join(import.meta.dirname, 'processes', 'googlevideo-server.ts'),
    ...sources.map((source) => source.path),
  ]);
  const minutes = `${plan.seconds / 60} min`;
  const figures: Figure[] = [];
  try {
    for (const [index, source] of sources.entries()) {
      const url = ready.urls[index]!;
      const size = ready.sizes[index]!;
      for (const format of FORMATS) {
        const copy = format !== 'mp3' && encoderArgs({ format, sourceCodec: source.codec }).includes('copy');
        const runs = copy ? plan.runs.copy : format === 'mp3' ? plan.runs.mp3 : plan.runs.encode;
        const workerCounts = format === 'mp3' ? plan.mp3Workers : [1];
        const reference: number[] = [];
        const measured = new Map<number, number[]>(workerCounts.map((workers) => [workers, []]));
        // Interleaved, so a noisy moment hits every side alike.
        for (let run = 0; run < runs; run++) {
          reference.push(
            (await timeCommand(plan.ffmpegPath, referenceArgs(url, format, source.codec))).seconds,
          );
          for (const workers of workerCounts)
            measured.get(workers)!.push(await timeOurs(plan, source, url, size, format, workers));
        }
        const referenceMedian = median(reference)!;
        for (const workers of workerCounts) {
          const oursMedian = median(measured.get(workers)!)!;
          const what = copy
            ? 'copy'
            : format === 'mp3'
              ? `${workers} worker${workers > 1 ? 's' : ''}`
              : 'encode';
          const name = `youtube ${source.label} → ${format}, ${what}, ${minutes}`;
          plan.log(`${name}: ours ${oursMedian.toFixed(2)} s, ffmpeg ${referenceMedian.toFixed(2)} s`);
          const fields = { section: 1, name, unit: 's', ours: oursMedian, reference: referenceMedian };
          if (format === 'mp3' && workers > 1) {
            // Two encoders on two cores against one: the fast path must save a quarter at least.
            figures.push(
              figure(
                { ...fields, note: 'ratio judged' },
                atMost(0.75, ' ratio'),
                ratio(oursMedian, referenceMedian),
              ),
            );
          } else if (copy) {
            figures.push(figure(fields));
            figures.push(
              figure(
                {
                  section: 1,
                  name: `youtube ${source.label} → ${format} copy speed, ${minutes}`,
                  unit: '× realtime',
                  ours: plan.seconds / oursMedian,
                  reference: plan.seconds / referenceMedian,
                },
                // Judged on 30 minutes: a shorter copy is all process start-up, which no copy beats 1,000× on.
                plan.seconds >= 1800 ? atLeast(1000) : undefined,
              ),
            );
          } else figures.push(figure(fields));
        }
      }
    }
  } finally {
    await stopChild(child);
  }
  return figures;
}
