/**
 * The YouTube canary: validate and a short extract of a long-lived public video through the same drivers
 * the pipeline uses, so a YouTube change that breaks them is seen before users' jobs fail.
 */
import { ExtractorOutdated, VideoIsLive } from '../shared/errors.js';
import type { MediaSource } from '../shared/media/types.js';
import { sampleAudio } from './sample-audio.js';

export interface CanaryDeps {
  resolveSource: (url: string) => MediaSource;
  ffmpegPath: () => string;
  videoUrl: string;
  sampleSeconds: number;
}

export interface CanaryResult {
  ok: boolean;
  /** Where it failed: `validate` (probe) or `extract` (open and decode the audio). */
  step?: 'validate' | 'extract';
  /** The error class (SourceBlocked, ExtractorOutdated, ...), which says what to do (README, Operations). */
  errorName?: string;
  message?: string;
  videoId?: string;
  sampledSeconds?: number;
}

function failed(step: CanaryResult['step'], error: unknown, videoId?: string): CanaryResult {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  return { ok: false, step, errorName: name, message, ...(videoId ? { videoId } : {}) };
}

/** Never throws: every failure is a result, so the handler always publishes the metric. */
export async function runCanary(deps: CanaryDeps): Promise<CanaryResult> {
  let source: MediaSource;
  let videoId: string | undefined;
  try {
    source = deps.resolveSource(deps.videoUrl);
    const info = await source.probe();
    videoId = info.id;
    if (info.isLive) throw new VideoIsLive('The canary video is live: choose a normal public video');
    // What Validate refuses too: an answer without a downloadable audio format.
    if (source.kind === 'youtube' && !info.audioCodec) {
      throw new ExtractorOutdated(`YouTube listed no downloadable audio format for ${info.id}`);
    }
  } catch (error) {
    return failed('validate', error, videoId);
  }
  try {
    const input = await source.openAudio(undefined, 'mp3');
    const sampledSeconds = await sampleAudio(deps.ffmpegPath(), input, deps.sampleSeconds);
    // A second short of the asked length is codec priming, not a broken stream.
    if (sampledSeconds < deps.sampleSeconds - 1) {
      throw new ExtractorOutdated(
        `Only ${sampledSeconds.toFixed(1)} s of audio decoded of the ${deps.sampleSeconds} s asked`,
      );
    }
    return { ok: true, videoId, sampledSeconds };
  } catch (error) {
    return failed('extract', error, videoId);
  }
}
