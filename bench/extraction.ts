/**
 * Sections 1 and 2: the extract module end to end (HTTP source → ffmpeg → multipart upload into the S3
 * emulator in another process), beside bare ffmpeg on the same URL and codec args, and yt-dlp; plus the
 * peak memory of each extraction process, beside a buffer-everything baseline.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encoderArgs } from '../functions/shared/ffmpeg/encoder-args.js';
import type { AudioFormat } from '../functions/shared/types.js';
import { startMediaServer } from '../test/support/media.js';
import type { WorkerRequest, WorkerResult } from './processes/extract-worker.js';
import { bundle } from './lib/bundle.js';
import { timeCommand } from './lib/child.js';
import { atLeast, atMost, figure, median, ratio, type Figure } from './lib/report.js';
import { startS3Emulator } from './lib/s3-emulator.js';
import { BENCH_DIR, benchSource } from './lib/sources.js';

export interface ExtractionPlan {
  /** Source durations in seconds, shortest first. */
  durations: number[];
  /** Runs per duration (the median is reported). */
  runs: (seconds: number) => number;
  formats: AudioFormat[];
  ffmpegPath: string;
  ytdlpPath: string;
  log: (line: string) => void;
}

const MIB = 1024 * 1024;
const WORKER = join(BENCH_DIR, 'build', 'extract-worker.mjs');

/** The source's codec, as validate reports it: m4a from AAC is a stream copy. */
const SOURCE_CODEC = 'aac';

/** Bare ffmpeg with exactly the codec and muxer args the extract module uses, into /dev/null. */
export function referenceArgs(url: string, format: AudioFormat): string[] {
  const output = encoderArgs({
    format,
    sourceCodec: SOURCE_CODEC,
    title: 'Bench',
    artist: 'Audio Sync Bench',
  });
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

async function runWorker(request: WorkerRequest): Promise<WorkerResult> {
  // The flag the media image runs the extract function with (docker/media/Dockerfile).
  const { stdout } = await timeCommand(process.execPath, [
    '--max-semi-space-size=1',
    WORKER,
    JSON.stringify(request),
  ]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as WorkerResult;
}

/** yt-dlp's time, or undefined (and why) where it is not installed: the other rows still count. */
async function timeYtdlp(
  ytdlpPath: string,
  url: string,
  log: (line: string) => void,
): Promise<number | undefined> {
  if (!existsSync(ytdlpPath)) {
    log(`yt-dlp is not at ${ytdlpPath}, so its rows are empty (Debian: apt-get install yt-dlp)`);
    return undefined;
  }
  const directory = mkdtempSync(join(tmpdir(), 'bench-ytdlp-'));
  try {
    const args = ['-x', '--audio-format', 'mp3', '--audio-quality', '192K', '--no-cache-dir', '--quiet'];
    const { seconds } = await timeCommand(ytdlpPath, [...args, '-o', join(directory, '%(id)s.%(ext)s'), url]);
    return seconds;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const label = (seconds: number) => (seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`);

export async function benchExtraction(plan: ExtractionPlan): Promise<Figure[]> {
  await bundle({
    entry: join(import.meta.dirname, 'processes', 'extract-worker.ts'),
    outfile: WORKER,
    format: 'esm',
    target: 'node20',
  });
  const s3 = await startS3Emulator();
  const media = await startMediaServer();
  const figures: Figure[] = [];
  const memory = new Map<number, { streaming: WorkerResult[]; buffered: WorkerResult[] }>();
  try {
    for (const seconds of plan.durations) {
      const path = `/source-${seconds}.m4a`;
      media.serveFile(path, await benchSource(seconds), 'audio/mp4');
      const url = media.url(path);
      const worker = (mode: WorkerRequest['mode'], format: AudioFormat): Promise<WorkerResult> =>
        runWorker({
          mode,
          url,
          format,
          durationSeconds: seconds,
          s3Endpoint: s3.endpoint,
          bucket: s3.bucket,
          videoId: `bench-${seconds}`,
          ffmpegPath: plan.ffmpegPath,
        });
      const runs = plan.runs(seconds);
      const streaming: WorkerResult[] = [];
      for (const format of plan.formats) {
        const ours: number[] = [];
        const reference: number[] = [];
        // Interleaved, so a noisy moment hits both sides alike.
        for (let run = 0; run < runs; run++) {
          reference.push((await timeCommand(plan.ffmpegPath, referenceArgs(url, format))).seconds);
          const result = await worker('stream', format);
          ours.push(result.seconds);
          if (format === 'mp3') streaming.push(result);
        }
        const oursMedian = median(ours)!;
        const referenceMedian = median(reference)!;
        plan.log(
          `extract ${format} ${label(seconds)}: ours ${oursMedian.toFixed(2)} s, ffmpeg ${referenceMedian.toFixed(2)} s`,
        );
        const name = `extract ${format}, ${label(seconds)} source`;
        if (format === 'mp3') {
          figures.push(
            figure(
              {
                section: 1,
                name,
                unit: 's',
                ours: oursMedian,
                reference: referenceMedian,
                note: 'ratio judged',
              },
              atMost(1.1, ' ratio'),
              ratio(oursMedian, referenceMedian),
            ),
          );
        } else if (format === 'm4a' && seconds === plan.durations.at(-1)) {
          figures.push(figure({ section: 1, name, unit: 's', ours: oursMedian, reference: referenceMedian }));
          figures.push(
            figure(
              {
                section: 1,
                name: `m4a stream copy speed, ${label(seconds)}`,
                unit: '× realtime',
                ours: seconds / oursMedian,
                reference: seconds / referenceMedian,
              },
              atLeast(1000),
            ),
          );
        } else {
          figures.push(figure({ section: 1, name, unit: 's', ours: oursMedian, reference: referenceMedian }));
        }
      }
      const ytdlp = await timeYtdlp(plan.ytdlpPath, url, plan.log);
      const mp3Reference = figures.find((f) => f.name === `extract mp3, ${label(seconds)} source`)?.reference;
      if (ytdlp !== undefined) plan.log(`yt-dlp mp3 ${label(seconds)}: ${ytdlp.toFixed(2)} s`);
      figures.push(
        figure({
          section: 1,
          name: `yt-dlp -x mp3 192K, ${label(seconds)} (reference: bare ffmpeg)`,
          unit: 's',
          ours: ytdlp,
          reference: mp3Reference,
          ...(ytdlp === undefined ? { note: 'yt-dlp not installed' } : {}),
        }),
      );

      const buffered = [await worker('buffer', 'mp3')];
      memory.set(seconds, { streaming, buffered });
    }
  } finally {
    await media.close();
    await s3.stop();
  }
  return [...figures, ...memoryFigures(memory, plan.durations)];
}

function memoryFigures(
  memory: Map<number, { streaming: WorkerResult[]; buffered: WorkerResult[] }>,
  durations: number[],
): Figure[] {
  const figures: Figure[] = [];
  const peak = (results: WorkerResult[], field: keyof WorkerResult) =>
    Math.max(...results.map((r) => r[field])) / MIB;
  for (const seconds of durations) {
    const { streaming, buffered } = memory.get(seconds)!;
    figures.push(
      figure(
        {
          section: 2,
          name: `node peak RSS, mp3 ${label(seconds)} (reference: buffer + PutObject)`,
          unit: 'MiB',
          ours: peak(streaming, 'nodeMaxRss'),
          reference: peak(buffered, 'nodeMaxRss'),
        },
        atMost(160),
      ),
    );
    figures.push(
      figure({
        section: 1,
        name: `node CPU beside ffmpeg, mp3 ${label(seconds)} (reference: buffer + PutObject)`,
        unit: 'cpu s',
        ours: median(streaming.map((r) => r.nodeCpuSeconds)),
        reference: median(buffered.map((r) => r.nodeCpuSeconds)),
      }),
    );
    figures.push(
      figure({
        section: 2,
        name: `ffmpeg peak RSS, mp3 ${label(seconds)}`,
        unit: 'MiB',
        ours: peak(streaming, 'ffmpegPeakRss'),
        reference: peak(buffered, 'ffmpegPeakRss'),
      }),
    );
  }
  const first = memory.get(durations[0]!)!;
  const last = memory.get(durations.at(-1)!)!;
  figures.push(
    figure(
      {
        section: 2,
        name: `node peak RSS growth ${label(durations[0]!)} → ${label(durations.at(-1)!)}`,
        unit: 'MiB',
        ours: peak(last.streaming, 'nodeMaxRss') - peak(first.streaming, 'nodeMaxRss'),
        reference: peak(last.buffered, 'nodeMaxRss') - peak(first.buffered, 'nodeMaxRss'),
      },
      atMost(16),
    ),
  );
  return figures;
}
