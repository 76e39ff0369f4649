/** The canary's scheduled handler: runs the check, publishes YouTubeCanaryFailures (0 or 1), logs the result. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { locateFfmpeg } from '../shared/ffmpeg/locate.js';
import { logger } from '../shared/logger.js';
import { resolveSource } from '../shared/media/resolve-source.js';
import { flushMetrics, metrics } from '../shared/metrics.js';
import { withSecretReferences } from '../shared/secrets.js';
import { runCanary, type CanaryDeps, type CanaryResult } from './canary.js';
import { CANARY_METRIC, canaryConfig } from './config.js';

export { CANARY_METRIC };

export function createCanaryHandler(deps: () => CanaryDeps) {
  return async (): Promise<CanaryResult> => {
    const result = await runCanary(deps());
    metrics.addMetric(CANARY_METRIC, MetricUnit.Count, result.ok ? 0 : 1);
    if (result.ok) logger.info('YouTube canary passed', { ...result });
    else logger.error('YouTube canary failed', { ...result });
    flushMetrics();
    return result;
  };
}

function defaultDeps(): CanaryDeps {
  const config = canaryConfig.load();
  let ffmpegPath: string | undefined;
  return {
    resolveSource: (url) => resolveSource(url, config),
    ffmpegPath: () => (ffmpegPath ??= locateFfmpeg({ configured: config.FFMPEG_PATH })),
    videoUrl: config.CANARY_VIDEO_URL,
    sampleSeconds: config.CANARY_SAMPLE_SECONDS,
  };
}

/** Secret references (cookies, the egress proxy) are resolved before the configuration is parsed. */
export const handler = withSecretReferences(canaryConfig.variables, createCanaryHandler(defaultDeps));
