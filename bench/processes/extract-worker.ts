/**
 * One extraction in a fresh Node process (bundled like the Lambda code): the real extract module, or the
 * buffering baseline, from an HTTP source into the S3 emulator. Prints one JSON line: time and peak memory
 * of this process, and of ffmpeg apart.
 */
import { DEFAULT_AUDIO_OPTIONS } from '../../functions/shared/contract/audio-options.js';
import { S3Client } from '@aws-sdk/client-s3';
import { produceRendition } from '../../functions/extract/extract-audio.js';
import { resolveSource } from '../../functions/shared/media/resolve-source.js';
import type { MediaSourceConfig } from '../../functions/shared/media/types.js';
import type { AudioFormat, VideoSummary } from '../../functions/shared/types.js';
import { bufferedExtract } from '../baseline/buffered-extract.js';
import { childPids, procStatusKib } from '../lib/child.js';

export interface WorkerRequest {
  mode: 'stream' | 'buffer';
  url: string;
  format: AudioFormat;
  durationSeconds: number;
  s3Endpoint: string;
  bucket: string;
  videoId: string;
  ffmpegPath: string;
}

export interface WorkerResult {
  seconds: number;
  bytes: number;
  /** Peak RSS of this Node process (getrusage), bytes. */
  nodeMaxRss: number;
  /** Highest RSS sampled during the extraction alone, bytes. */
  nodeSampledPeakRss: number;
  /** Peak RSS of the ffmpeg child (VmHWM), bytes. */
  ffmpegPeakRss: number;
  /** CPU seconds (user + system) this Node process spent on the extraction: what competes with ffmpeg. */
  nodeCpuSeconds: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;

const sourceConfig: MediaSourceConfig = {
  YOUTUBE_DRIVERS: ['youtubei'],
  // The bench serves its sources on loopback.
  ALLOW_PRIVATE_SOURCES: true,
  ALLOW_FILE_SOURCES: false,
  FFMPEG_PATH: request.ffmpegPath,
};
const s3 = new S3Client({ endpoint: request.s3Endpoint, forcePathStyle: true, region: 'us-east-1' });
// Validate probes the source before Extract runs: what it found (the demuxer) is handed on, as in a job.
const probed = await resolveSource(request.url, sourceConfig).probe();
const video: VideoSummary = {
  videoId: request.videoId,
  title: 'Bench',
  author: 'Audio Sync Bench',
  durationSeconds: request.durationSeconds,
  audioCodec: 'aac',
  ...(probed.inputFormat ? { inputFormat: probed.inputFormat } : {}),
  cached: false,
};

let sampledPeak = 0;
let ffmpegPeakKib = 0;
const sample = () => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  for (const pid of childPids(process.pid))
    ffmpegPeakKib = Math.max(ffmpegPeakKib, procStatusKib(pid, 'VmHWM') ?? 0);
};
const sampler = setInterval(sample, 20);

const started = performance.now();
const cpuBefore = process.cpuUsage();
const { bytes } =
  request.mode === 'stream'
    ? await produceRendition(
        { jobId: 'bench', url: request.url, format: request.format, options: DEFAULT_AUDIO_OPTIONS, video },
        {
          s3,
          bucket: request.bucket,
          media: { recordRendition: async () => undefined },
          jobs: { update: async () => undefined, recordProgress: async () => undefined },
          resolveSource: (url) => resolveSource(url, sourceConfig),
          ffmpegPath: () => request.ffmpegPath,
          // produceRendition is the extraction itself; idempotency wraps it in createAudioExtractor.
          idempotency: undefined as never,
        },
      )
    : await bufferedExtract(
        { url: request.url, format: request.format, video },
        {
          s3,
          bucket: request.bucket,
          resolveSource: (url) => resolveSource(url, sourceConfig),
          ffmpegPath: request.ffmpegPath,
        },
      );
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
sample();

const result: WorkerResult = {
  seconds,
  bytes,
  nodeMaxRss: process.resourceUsage().maxRSS * 1024,
  nodeSampledPeakRss: sampledPeak,
  ffmpegPeakRss: ffmpegPeakKib * 1024,
  nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
s3.destroy();
