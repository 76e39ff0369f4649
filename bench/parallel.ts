/**
 * Section 1 stretch: mp3 extraction with segments encoded in parallel (1 and 2 workers) beside bare
 * single-process ffmpeg on the same URL, both writing to nowhere, so only the encode is compared.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parallelMp3 } from '../functions/shared/ffmpeg/parallel-mp3.js';
import { join } from 'node:path';
import { referenceArgs } from './extraction.js';
import { startReadyChild, stopChild, timeCommand } from './lib/child.js';
import { atMost, figure, median, ratio, type Figure } from './lib/report.js';
import { benchSource } from './lib/sources.js';

export interface ParallelPlan {
  /** Source durations in seconds. */
  durations: number[];
  /** Worker counts to measure, e.g. [1, 2]. */
  workers: number[];
  runs: number;
  ffmpegPath: string;
  log: (line: string) => void;
}

async function timeParallel(
  plan: ParallelPlan,
  url: string,
  seconds: number,
  workers: number,
): Promise<number> {
  const started = performance.now();
  const running = parallelMp3({
    ffmpegPath: plan.ffmpegPath,
    input: { type: 'url', url },
    durationSeconds: seconds,
    workers,
    title: 'Bench',
    artist: 'Audio Sync Bench',
  });
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(running.output, sink);
  await running.done;
  return (performance.now() - started) / 1000;
}

const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');

export async function benchParallel(plan: ParallelPlan): Promise<Figure[]> {
  const sources = await Promise.all(plan.durations.map((seconds) => benchSource(seconds)));
  // The source is served from another process, as a remote origin would be: its CPU is not the encoder's.
  const { ready, child } = await startReadyChild<{ urls: string[] }>(TSX, [
    join(import.meta.dirname, 'processes', 'media-server.ts'),
    ...sources,
  ]);
  const figures: Figure[] = [];
  try {
    for (const [index, seconds] of plan.durations.entries()) {
      const url = ready.urls[index]!;
      const reference: number[] = [];
      const ours = new Map<number, number[]>(plan.workers.map((workers) => [workers, []]));
      // Interleaved, so a noisy moment hits every side alike.
      for (let run = 0; run < plan.runs; run++) {
        reference.push((await timeCommand(plan.ffmpegPath, referenceArgs(url, 'mp3'))).seconds);
        for (const workers of plan.workers)
          ours.get(workers)!.push(await timeParallel(plan, url, seconds, workers));
      }
      const referenceMedian = median(reference)!;
      for (const workers of plan.workers) {
        const oursMedian = median(ours.get(workers)!)!;
        plan.log(
          `parallel mp3 ${seconds / 60} min, ${workers} worker(s): ${oursMedian.toFixed(2)} s, ffmpeg ${referenceMedian.toFixed(2)} s`,
        );
        const fields = {
          section: 1,
          name: `parallel mp3, ${workers} worker${workers > 1 ? 's' : ''}, ${seconds / 60} min (reference: 1 ffmpeg)`,
          unit: 's',
          ours: oursMedian,
          reference: referenceMedian,
          note: workers > 1 ? 'ratio judged' : undefined,
        };
        // Only more workers than one can beat a single ffmpeg; one worker shows the cost of segmenting.
        figures.push(
          workers > 1
            ? figure(fields, atMost(1, ' ratio'), ratio(oursMedian, referenceMedian))
            : figure(fields),
        );
      }
    }
  } finally {
    await stopChild(child);
  }
  return figures;
}
